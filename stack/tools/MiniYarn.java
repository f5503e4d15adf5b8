// The local stack's YARN cluster (server 'yarn'), run by bin/vigil with Java's source launcher on
// stack/servers/yarn's classpath:
//   java -Dtest.build.data=work/yarn/data -cp <yarn classpath> MiniYarn.java work/yarn/conf
// Starts Hadoop's MiniYARNCluster (one ResourceManager, one NodeManager, in this JVM) with the ResourceManager on
// fixed loopback ports, writes the cluster's configuration as yarn-site.xml and core-site.xml into the folder
// given (the HADOOP_CONF_DIR of spark-submit --master yarn), prints "ready", and runs until killed (SIGTERM stops
// the cluster and its containers).
//
// Settings, from the environment (bin/vigil exports stack/defaults.env):
//   VIGIL_YARN_RM_PORT, _RM_SCHEDULER_PORT, _RM_TRACKER_PORT, _RM_ADMIN_PORT, _RM_WEB_PORT  the ResourceManager
//   VIGIL_YARN_NM_MEMORY_MB (6144), VIGIL_YARN_NM_VCORES (4)  what the NodeManager offers containers
// The NodeManager's own ports are free ones that MiniYARNCluster picks (it always does, on "localhost").
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.apache.hadoop.yarn.webapp.WebApp;

public class MiniYarn {
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: MiniYarn CONF_DIR");
      System.exit(2);
    }
    Path confDir = Path.of(args[0]).toAbsolutePath();
    int memoryMb = setting("VIGIL_YARN_NM_MEMORY_MB", 6144);
    int vcores = setting("VIGIL_YARN_NM_VCORES", 4);

    YarnConfiguration conf = new YarnConfiguration();
    conf.set("fs.defaultFS", "file:///");
    // Without it MiniYARNCluster moves every ResourceManager address to a random port (with it, it keeps the ports
    // and names the host "localhost", which is loopback here too).
    conf.setBoolean(YarnConfiguration.YARN_MINICLUSTER_FIXED_PORTS, true);
    conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
    conf.set(YarnConfiguration.RM_ADDRESS, address("VIGIL_YARN_RM_PORT"));
    conf.set(YarnConfiguration.RM_SCHEDULER_ADDRESS, address("VIGIL_YARN_RM_SCHEDULER_PORT"));
    conf.set(YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, address("VIGIL_YARN_RM_TRACKER_PORT"));
    conf.set(YarnConfiguration.RM_ADMIN_ADDRESS, address("VIGIL_YARN_RM_ADMIN_PORT"));
    conf.set(YarnConfiguration.RM_WEBAPP_ADDRESS, address("VIGIL_YARN_RM_WEB_PORT"));
    // MiniYARNCluster sets the NodeManager's memory from its own key (default 4096), overriding the usual one.
    conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", memoryMb);
    conf.setInt(YarnConfiguration.NM_PMEM_MB, memoryMb);
    conf.setInt(YarnConfiguration.NM_VCORES, vcores);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 256);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, memoryMb);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, vcores);
    // The capacity scheduler's default (10 % of the cluster for ApplicationMasters) is less than one Spark driver.
    conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 0.5f);
    // A queue for real-time work beside the default one, as the reference cluster ran its streaming job
    // (profiles/spark-yarn.properties: spark.yarn.queue=realtime); each may use what the other leaves idle.
    conf.set("yarn.scheduler.capacity.root.queues", "default,realtime");
    conf.set("yarn.scheduler.capacity.root.default.capacity", "30");
    conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    conf.set("yarn.scheduler.capacity.root.realtime.capacity", "70");
    conf.set("yarn.scheduler.capacity.root.realtime.maximum-capacity", "100");
    // No memory policing: Java 17's virtual size is far above its heap, and the JVMs are sized by Spark anyway.
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    // A shared machine's disk can be fuller than YARN's default 90 %, which would mark the only node unhealthy.
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.0f);
    // Containers' launch scripts run $JAVA_HOME/bin/java. The NodeManager passes its own JAVA_HOME on (a default
    // of its env-whitelist); when it has none, this JVM's Java is forced in (admin-env: appended with ':' to a value
    // the application sets itself, so only when needed).
    if (System.getenv("JAVA_HOME") == null) {
      conf.set(YarnConfiguration.NM_ADMIN_USER_ENV,
          "MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX,JAVA_HOME=" + System.getProperty("java.home"));
    }
    // SPARK_LOCAL_IP (bin/vigil sets 127.0.0.1) passed on too, unless the application sets its own: Spark keeps its
    // sockets and web UIs on loopback (it would otherwise advertise the first non-loopback address, since the host
    // name resolves to 127.0.0.1, and bind its UIs to 0.0.0.0).
    conf.set(YarnConfiguration.NM_ENV_WHITELIST,
        conf.get(YarnConfiguration.NM_ENV_WHITELIST, YarnConfiguration.DEFAULT_NM_ENV_WHITELIST) + ",SPARK_LOCAL_IP");
    // Hadoop's scratch space (default /tmp/hadoop-<user>) next to the rest of the cluster's files.
    conf.set("hadoop.tmp.dir", System.getProperty("java.io.tmpdir"));

    MiniYARNCluster cluster = new MiniYARNCluster("vigil", 1, 1, 1);
    cluster.init(conf);
    cluster.start();
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "stop-yarn"));
    if (!cluster.waitForNodeManagersToConnect(60_000)) {
      System.err.println("the NodeManager did not register with the ResourceManager within 60 s");
      System.exit(1);
    }

    routeWebToResourceManager(cluster);

    Files.createDirectories(confDir);
    write(cluster.getConfig(), confDir.resolve("yarn-site.xml"));
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", "file:///");
    write(core, confDir.resolve("core-site.xml"));
    Configuration running = cluster.getConfig();
    System.out.println("ready: ResourceManager " + running.get(YarnConfiguration.RM_ADDRESS) + ", web "
        + running.get(YarnConfiguration.RM_WEBAPP_ADDRESS) + ", NodeManager " + memoryMb + " MB / " + vcores
        + " vcores, HADOOP_CONF_DIR " + confDir);
    Thread.currentThread().join();
  }

  /**
   * One JVM, two web apps: Hadoop mounts Guice's GuiceFilter by class name, and such a filter routes through a
   * static pipeline that the last web app built (the NodeManager's) owns. The ResourceManager's port then served the
   * NodeManager's pages, and its REST API (/ws/v1/cluster/...) answered 404. This points the static pipeline back
   * at the ResourceManager's: its web UI and REST API work, and the NodeManager's port serves the same (its own
   * pages are lost; containers' logs are files under the NodeManager's log dirs).
   */
  private static void routeWebToResourceManager(MiniYARNCluster cluster) throws Exception {
    Method getWebapp = ResourceManager.class.getDeclaredMethod("getWebapp");
    getWebapp.setAccessible(true);
    WebApp webapp = (WebApp) getWebapp.invoke(cluster.getResourceManager());
    Field guiceFilter = WebApp.class.getDeclaredField("guiceFilter");
    guiceFilter.setAccessible(true);
    Object filter = guiceFilter.get(webapp);
    Field injectedPipeline = filter.getClass().getDeclaredField("injectedPipeline");
    injectedPipeline.setAccessible(true);
    for (Method method : filter.getClass().getDeclaredMethods()) {
      if (method.getName().equals("setPipeline")) {
        method.setAccessible(true);
        method.invoke(null, injectedPipeline.get(filter));
        return;
      }
    }
    throw new IllegalStateException("Guice's GuiceFilter has no setPipeline: another Guice version?");
  }

  private static int setting(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
  }

  private static String address(String portVariable) {
    String port = System.getenv(portVariable);
    if (port == null || port.isBlank()) {
      throw new IllegalArgumentException(portVariable + " is not set (bin/vigil sets it from stack/defaults.env)");
    }
    return "127.0.0.1:" + Integer.parseInt(port.strip());
  }

  /** Written whole, then moved into place: a reader never sees half a file. */
  private static void write(Configuration conf, Path file) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      conf.writeXml(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
