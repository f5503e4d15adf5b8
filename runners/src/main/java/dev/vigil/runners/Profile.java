package dev.vigil.runners;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A runner profile from {@code profiles/}: plain {@code key=value} lines. Keys without a prefix are pipeline options
 * ({@code --key=value}); keys starting with {@code spark.} are Spark configuration (spark-submit's {@code --conf});
 * keys starting with {@code submit.} are the runners' own. Values may name environment variables as {@code ${NAME}}
 * (required) or {@code ${NAME:-default}}.
 */
public record Profile(String name, Map<String, String> settings) {
  static final String SUBMIT_PREFIX = "submit.";
  static final String SPARK_PREFIX = "spark.";
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  /** Reads {@code file}, resolving variables from {@code environment}. */
  public static Profile load(Path file, Map<String, String> environment) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    // Properties forgets the file's order; keep it so that the command line reads like the file.
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
        continue;
      }
      String key = trimmed.split("[=:]", 2)[0].strip();
      if (properties.containsKey(key)) {
        settings.put(key, resolve(properties.getProperty(key), environment, file, key));
      }
    }
    String fileName = file.getFileName().toString();
    return new Profile(fileName.replaceFirst("\\.properties$", ""), settings);
  }

  static String resolve(String value, Map<String, String> environment, Path file, String key) {
    Matcher matcher = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String found = environment.get(matcher.group(1));
      if (found == null || found.isEmpty()) {
        found = matcher.group(2);
      }
      if (found == null) {
        throw new IllegalArgumentException(file + ": " + key + " needs the environment variable " + matcher.group(1)
            + " (for the local stack: eval \"$(bin/vigil stack env)\")");
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(found));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /**
   * The profile {@code nameOrFile}: a file, or a name in {@code <home>/profiles/} (e.g. {@code flink-cluster}), read
   * with the process's environment plus the stack's defaults for {@code VIGIL_HOME} and {@code VIGIL_WORK}.
   */
  public static Profile find(String nameOrFile, Path home) throws IOException {
    Path file = Path.of(nameOrFile);
    if (!Files.isRegularFile(file)) {
      file = home.resolve("profiles").resolve(nameOrFile.endsWith(".properties") ? nameOrFile
          : nameOrFile + ".properties");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no profile " + nameOrFile + " (looked for " + file + ")");
    }
    Map<String, String> environment = new LinkedHashMap<>(System.getenv());
    environment.putIfAbsent("VIGIL_HOME", home.toString());
    environment.putIfAbsent("VIGIL_WORK", Path.of(environment.get("VIGIL_HOME")).resolve("work").toString());
    return load(file, environment);
  }

  /** The repository: {@code VIGIL_HOME}, or the nearest folder at or above the current one that has profiles/. */
  public static Path home() {
    String home = System.getenv("VIGIL_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("profiles"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository's profiles/ folder: run from the repository or"
        + " set VIGIL_HOME");
  }

  /**
   * This profile with {@code overrides} (key=value, any kind of key) replacing or adding settings: a user's
   * {@code --conf} on the command line.
   */
  public Profile with(Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>(settings);
    all.putAll(overrides);
    return new Profile(name, all);
  }

  /** The Spark configuration ({@code spark.*} keys), in the file's order. */
  public Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    settings.forEach((key, value) -> {
      if (key.startsWith(SPARK_PREFIX)) {
        conf.put(key, value);
      }
    });
    return conf;
  }

  /** A runners' setting ({@code submit.NAME}), or {@code fallback}. */
  public String submitSetting(String name, String fallback) {
    return settings.getOrDefault(SUBMIT_PREFIX + name, fallback);
  }

  /** A pipeline option of the profile, or null. */
  public String option(String name) {
    return settings.get(name);
  }

  /** The Flink cluster's REST address: {@code given} (a command's --flink-master) if set, else the profile's. */
  public String flinkMaster(String given) {
    return given != null && !given.isBlank() ? given : option("flinkMaster");
  }

  /**
   * The pipeline's arguments: the profile's options, each replaced by the user's when the user gives the same one
   * (the user wins), then the user's other arguments in their order.
   */
  public List<String> pipelineArgs(List<String> userArgs) {
    Map<String, String> user = new LinkedHashMap<>();
    List<String> other = new ArrayList<>();
    for (String arg : userArgs) {
      String name = optionName(arg);
      if (name == null) {
        other.add(arg);
      } else {
        user.put(name, arg);
      }
    }
    List<String> args = new ArrayList<>();
    settings.forEach((key, value) -> {
      if (!key.startsWith(SUBMIT_PREFIX) && !key.startsWith(SPARK_PREFIX)) {
        String given = user.remove(key);
        args.add(given != null ? given : "--" + key + "=" + value);
      }
    });
    args.addAll(user.values());
    args.addAll(other);
    return args;
  }

  /** {@code --name=value} or {@code --name} → name; anything else → null. */
  static String optionName(String arg) {
    if (!arg.startsWith("--") || arg.length() == 2) {
      return null;
    }
    int equals = arg.indexOf('=');
    return equals < 0 ? arg.substring(2) : arg.substring(2, equals);
  }
}
