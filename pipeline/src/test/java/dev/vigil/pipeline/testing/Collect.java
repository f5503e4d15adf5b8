package dev.vigil.pipeline.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * A test sink that keeps a description of every element in a static map, by bucket name. It works on the
 * DirectRunner and on an embedded Flink mini-cluster because both run in this JVM, with this class loader.
 */
public final class Collect<T> extends PTransform<PCollection<T>, PDone> {
  private static final Map<String, Queue<String>> BUCKETS = new ConcurrentHashMap<>();

  private final String bucket;
  private final SerializableFunction<T, String> describe;

  private Collect(String bucket, SerializableFunction<T, String> describe) {
    this.bucket = bucket;
    this.describe = describe;
  }

  public static <T> Collect<T> into(String bucket, SerializableFunction<T, String> describe) {
    BUCKETS.put(bucket, new ConcurrentLinkedQueue<>());
    return new Collect<>(bucket, describe);
  }

  /**
   * Keeps {@code String.valueOf(element)}. (Not a {@code String::valueOf} reference per call site: javac
   * deserializes equal method references from one class as the same lambda, casts included.)
   */
  public static <T> Collect<T> into(String bucket) {
    return into(bucket, null);
  }

  public static List<String> sorted(String bucket) {
    List<String> all = new ArrayList<>(BUCKETS.getOrDefault(bucket, new ConcurrentLinkedQueue<>()));
    all.sort(null);
    return all;
  }

  @Override
  public PDone expand(PCollection<T> input) {
    input.apply("Keep", ParDo.of(new KeepFn<>(bucket, describe)));
    return PDone.in(input.getPipeline());
  }

  static final class KeepFn<T> extends DoFn<T, Void> {
    private final String bucket;
    private final SerializableFunction<T, String> describe;

    KeepFn(String bucket, SerializableFunction<T, String> describe) {
      this.bucket = bucket;
      this.describe = describe;
    }

    @ProcessElement
    public void processElement(@Element T element) {
      BUCKETS.get(bucket).add(describe == null ? String.valueOf(element) : describe.apply(element));
    }
  }
}
