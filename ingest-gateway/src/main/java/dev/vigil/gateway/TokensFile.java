package dev.vigil.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tokens file, re-read when it changes, so that a sensor can be added or a leaked token revoked without restarting
 * a replica. The file is looked at every {@code checkEveryMs}; a change of its modification time, size or inode (an
 * editor's or a deployment's rename) triggers a reload. A new file that does not parse, or cannot be read, is refused
 * with a log line naming the line at fault: the previous tokens stay in force, never none.
 */
final class TokensFile implements TokenSource {
  private static final Logger LOG = LoggerFactory.getLogger(TokensFile.class);

  /** What identifies one version of the file without reading it. */
  private record Version(long modifiedNanos, long size, Object fileKey) {}

  private final Path file;
  private final long checkEveryMs;
  private final AtomicLong reloads = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile SensorTokens current;
  private Version seen;
  private ScheduledExecutorService watcher;

  private TokensFile(Path file, long checkEveryMs, SensorTokens first, Version version) {
    this.file = file;
    this.checkEveryMs = checkEveryMs;
    this.current = first;
    this.seen = version;
  }

  /** Reads the file once; a file that cannot be used stops the gateway from starting, as before. */
  static TokensFile load(Path file, long checkEveryMs) throws IOException, SensorTokens.InvalidTokensException {
    if (checkEveryMs <= 0) {
      throw new IllegalArgumentException("the tokens file check interval must be positive");
    }
    Version version = version(file);
    return new TokensFile(file, checkEveryMs, SensorTokens.load(file), version);
  }

  @Override
  public SensorTokens current() {
    return current;
  }

  @Override
  public synchronized void start() {
    if (watcher == null) {
      watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-gateway-tokens");
        t.setDaemon(true);
        return t;
      });
      watcher.scheduleWithFixedDelay(this::check, checkEveryMs, checkEveryMs, TimeUnit.MILLISECONDS);
    }
  }

  /** Reloads when the file changed since the last look; true when new tokens are now in force. */
  synchronized boolean check() {
    Version now;
    try {
      now = version(file);
    } catch (IOException e) {
      if (seen != null) {
        failures.incrementAndGet();
        LOG.error("tokens file {} cannot be read ({}); keeping the {} sensors' tokens in force", file, e, current.size());
        seen = null;
      }
      return false;
    }
    if (now.equals(seen)) {
      return false;
    }
    seen = now;
    try {
      SensorTokens loaded = SensorTokens.load(file);
      current = loaded;
      reloads.incrementAndGet();
      LOG.info("tokens reloaded from {}: {} sensors", file, loaded.size());
      return true;
    } catch (SensorTokens.InvalidTokensException | IOException e) {
      failures.incrementAndGet();
      LOG.error("tokens file {} refused ({}); keeping the previous {} sensors' tokens in force: fix the file",
          file, e.getMessage(), current.size());
      return false;
    }
  }

  @Override
  public long reloads() {
    return reloads.get();
  }

  @Override
  public long reloadFailures() {
    return failures.get();
  }

  @Override
  public synchronized void close() {
    if (watcher != null) {
      watcher.shutdownNow();
      watcher = null;
    }
  }

  private static Version version(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return new Version(a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.size(), Objects.requireNonNullElse(
        a.fileKey(), ""));
  }
}
