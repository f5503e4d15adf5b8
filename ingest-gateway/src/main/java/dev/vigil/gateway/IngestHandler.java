package dev.vigil.gateway;

import dev.vigil.gateway.GatewayMetrics.Outcome;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.Reading;
import dev.vigil.wire.Recovery;
import dev.vigil.wire.WireFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All HTTP endpoints of the gateway, fully asynchronous: the body is read on demand (no thread waits for a slow
 * client), and the response of an ingest request is completed from the Kafka send callbacks (no thread waits for
 * acknowledgements).
 *
 * <p>Order of checks on POST: shutting down or too busy (503), content type (415), declared length (413), bearer
 * token present and known (401), body read within the size limit and the read timeout (413, 408), parse and
 * validate with {@link WireFormat} (400), batch size (413), token valid for every sensor in the body (401), Kafka
 * reachable (503); then every record is sent and the answer waits for all acknowledgements: 202 when all were
 * acknowledged, 503 when any failed.
 */
final class IngestHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

  static final String READINGS = "/v1/readings";
  static final String RECOVERIES = "/v1/recoveries";
  static final String LIVE = "/health/live";
  static final String READY = "/health/ready";
  static final String METRICS = "/metrics";

  private static final byte[] LIVE_BODY = "{\"status\":\"live\"}".getBytes(StandardCharsets.US_ASCII);

  private final GatewayConfig config;
  private final Producer<String, byte[]> producer;
  private final BooleanSupplier kafkaReachable;
  private final GatewayMetrics metrics;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean shuttingDown;
  private volatile boolean refusing;

  IngestHandler(GatewayConfig config, Producer<String, byte[]> producer, BooleanSupplier kafkaReachable,
      GatewayMetrics metrics) {
    this.config = config;
    this.producer = producer;
    this.kafkaReachable = kafkaReachable;
    this.metrics = metrics;
    metrics.bind(inFlight::get, this::ready, kafkaReachable::getAsBoolean);
  }

  boolean ready() {
    return !shuttingDown && kafkaReachable.getAsBoolean();
  }

  int inFlight() {
    return inFlight.get();
  }

  /** First step of a graceful shutdown: readiness goes false, requests are still taken. */
  void beginShutdown() {
    shuttingDown = true;
  }

  /** Second step: new ingest requests get 503 with Connection: close. */
  void refuseNewRequests() {
    shuttingDown = true;
    refusing = true;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    if (path == null) {
      path = "";
    }
    switch (path) {
      case READINGS:
        return ingest(true, request, response, callback);
      case RECOVERIES:
        return ingest(false, request, response, callback);
      case LIVE:
        if (readOnly(request, response, callback)) {
          write(response, callback, 200, Answers.JSON, LIVE_BODY);
        }
        return true;
      case READY:
        if (readOnly(request, response, callback)) {
          boolean kafka = kafkaReachable.getAsBoolean();
          boolean ready = kafka && !shuttingDown;
          byte[] body = Answers.write(new ReadyBody(ready ? "ready" : "not ready",
              kafka ? "reachable" : "unreachable", shuttingDown));
          write(response, callback, ready ? 200 : 503, Answers.JSON, body);
        }
        return true;
      case METRICS:
        if (readOnly(request, response, callback)) {
          write(response, callback, 200, GatewayMetrics.TEXT_CONTENT_TYPE, metrics.prometheusText());
        }
        return true;
      default:
        metrics.request(Outcome.NOT_FOUND);
        closeIfBodyUnread(request, response);
        write(response, callback, 404, Answers.JSON, Answers.error(404, "not_found", "path",
            "no such endpoint; POST " + READINGS + " or " + RECOVERIES));
        return true;
    }
  }

  record ReadyBody(String status, String kafka, boolean shuttingDown) {}

  private boolean readOnly(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
      return true;
    }
    metrics.request(Outcome.METHOD_NOT_ALLOWED);
    closeIfBodyUnread(request, response);
    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    write(response, callback, 405, Answers.JSON, Answers.error(405, "method_not_allowed", "method",
        method + " is not allowed here; use GET"));
    return false;
  }

  private boolean ingest(boolean readings, Request request, Response response, Callback callback) {
    if (!HttpMethod.POST.is(request.getMethod())) {
      metrics.request(Outcome.METHOD_NOT_ALLOWED);
      closeIfBodyUnread(request, response);
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      write(response, callback, 405, Answers.JSON, Answers.error(405, "method_not_allowed", "method",
          request.getMethod() + " is not allowed here; use POST"));
      return true;
    }
    Exchange exchange = new Exchange(readings, request, response, callback, System.currentTimeMillis());
    inFlight.incrementAndGet();
    try {
      exchange.start();
    } catch (RuntimeException e) {
      exchange.internalError(e); // answers once, so in-flight is released
    }
    return true;
  }

  /**
   * An answer given before the request body was read must close the connection: Jetty cannot always skip the rest of
   * the body, and a client that reused the connection would find it closed under its next request.
   */
  static void closeIfBodyUnread(Request request, Response response) {
    if (request.getLength() != 0) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
  }

  static void write(Response response, Callback callback, int status, String contentType, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * One ingest request from start to answer; one object per request serves as body reader (demand callback),
   * read-timeout task and Kafka callback for all of the request's records.
   */
  private final class Exchange implements Runnable, org.apache.kafka.clients.producer.Callback {
    private static final int READING = 0;
    private static final int PROCESSING = 1;
    private static final int DONE = 2;

    private final boolean readings;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final long receivedAt;
    private final AtomicInteger phase = new AtomicInteger(READING);
    private final AtomicInteger answered = new AtomicInteger();
    private BodyFormat format;
    private Set<String> allowedSensors;
    private byte[] buffer;
    private int length;
    private volatile Scheduler.Task timeout;
    private volatile boolean bodyConsumed;

    // Kafka phase
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Exception kafkaFailure;
    private int count;
    private long sendStart;

    Exchange(boolean readings, Request request, Response response, Callback callback, long receivedAt) {
      this.readings = readings;
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.receivedAt = receivedAt;
    }

    void start() {
      if (refusing) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        unavailable("server", "this gateway is shutting down; retry (another replica will take it)");
        return;
      }
      if (inFlight.get() > config.maxInFlight()) {
        unavailable("server", "too many requests in flight (" + config.maxInFlight() + "); retry later");
        return;
      }
      try {
        format = BodyFormat.of(request.getHeaders().get(HttpHeader.CONTENT_TYPE), readings);
      } catch (BodyFormat.UnsupportedException e) {
        answer(Outcome.UNSUPPORTED_MEDIA_TYPE, 415, "unsupported_media_type", "Content-Type", e.getMessage());
        return;
      }
      long declared = request.getLength();
      if (declared > config.maxBodyBytes()) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        answer(Outcome.PAYLOAD_TOO_LARGE, 413, "payload_too_large", "body",
            "body of " + declared + " bytes is over the limit of " + config.maxBodyBytes() + " bytes");
        return;
      }
      if (config.tokens() != null) {
        allowedSensors = config.tokens().sensorsFor(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (allowedSensors == null) {
          unauthorized("send 'Authorization: Bearer <sensor token>' with a valid token");
          return;
        }
      }
      buffer = new byte[declared >= 0 ? (int) declared : Math.min(4096, config.maxBodyBytes())];
      timeout = request.getComponents().getScheduler().schedule(this::readTimedOut, config.readTimeoutMs(),
          TimeUnit.MILLISECONDS);
      run();
    }

    /** Reads what is available, then asks to be called again when more arrives. */
    @Override
    public void run() {
      try {
        while (phase.get() == READING) {
          Content.Chunk chunk = request.read();
          if (chunk == null) {
            request.demand(this);
            return;
          }
          if (Content.Chunk.isFailure(chunk)) {
            fail(chunk.getFailure());
            return;
          }
          ByteBuffer bytes = chunk.getByteBuffer();
          int n = bytes.remaining();
          if (length + n > config.maxBodyBytes()) {
            chunk.release();
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            answer(Outcome.PAYLOAD_TOO_LARGE, 413, "payload_too_large", "body",
                "body is over the limit of " + config.maxBodyBytes() + " bytes");
            return;
          }
          if (length + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(config.maxBodyBytes(), Math.max(buffer.length * 2, length + n)));
          }
          bytes.get(buffer, length, n);
          length += n;
          boolean last = chunk.isLast();
          chunk.release();
          if (last) {
            bodyConsumed = true;
            if (phase.compareAndSet(READING, PROCESSING)) {
              cancelTimeout();
              process();
            }
            return;
          }
        }
      } catch (RuntimeException e) {
        internalError(e);
      }
    }

    private void readTimedOut() {
      if (phase.get() == READING) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        answer(Outcome.TIMEOUT, 408, "request_timeout", "body",
            "the body did not arrive within " + config.readTimeoutMs() + " ms");
      }
    }

    private void process() {
      byte[] body = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
      buffer = null;
      List<ProducerRecord<String, byte[]>> records;
      try {
        records = readings ? readingRecords(body) : recoveryRecords(body);
      } catch (MalformedMessageException e) {
        answer(Outcome.BAD_REQUEST, 400, "bad_request", e.field(), e.problem());
        return;
      }
      if (records == null) {
        return; // answered already (batch limit or auth)
      }
      if (!kafkaReachable.getAsBoolean()) {
        unavailable("kafka", "Kafka cannot take data right now; retry later");
        return;
      }
      send(records);
    }

    private List<ProducerRecord<String, byte[]>> readingRecords(byte[] body) throws MalformedMessageException {
      List<Reading> parsed;
      if (format == BodyFormat.POSITIONAL || WireFormat.isLegacyPositional(body)) {
        parsed = List.of(WireFormat.parseLegacyReading(body, receivedAt));
      } else {
        parsed = WireFormat.parseReadings(body, receivedAt);
      }
      if (!withinLimits(parsed.size())) {
        return null;
      }
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>(parsed.size());
      for (Reading r : parsed) {
        if (!authorised(r.sensorId())) {
          return null;
        }
        records.add(new ProducerRecord<>(config.readingsTopic(), r.sensorId(), WireFormat.toJson(r)));
      }
      return records;
    }

    private List<ProducerRecord<String, byte[]>> recoveryRecords(byte[] body) throws MalformedMessageException {
      List<Recovery> parsed = WireFormat.parseRecoveries(body, receivedAt);
      if (!withinLimits(parsed.size())) {
        return null;
      }
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>(parsed.size());
      for (Recovery r : parsed) {
        if (!authorised(r.sensorId())) {
          return null;
        }
        records.add(new ProducerRecord<>(config.recoveriesTopic(), r.sensorId(), WireFormat.toJson(r)));
      }
      return records;
    }

    private boolean withinLimits(int messages) {
      if (messages > config.maxBatch()) {
        answer(Outcome.PAYLOAD_TOO_LARGE, 413, "payload_too_large", "body",
            "batch of " + messages + " messages is over the limit of " + config.maxBatch());
        return false;
      }
      return true;
    }

    private boolean authorised(String sensorId) {
      if (allowedSensors == null || allowedSensors.contains(sensorId)) {
        return true;
      }
      unauthorized("the token is not valid for sensor " + sensorId);
      return false;
    }

    private void send(List<ProducerRecord<String, byte[]>> records) {
      count = records.size();
      pending.set(count);
      sendStart = System.nanoTime();
      for (int i = 0; i < records.size(); i++) {
        try {
          producer.send(records.get(i), this);
        } catch (RuntimeException e) {
          // send() threw, so it will not call back for this record; nor are the later ones sent.
          kafkaFailure = e;
          int unsent = records.size() - i;
          if (pending.addAndGet(-unsent) == 0) {
            kafkaDone();
          }
          return;
        }
      }
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null && kafkaFailure == null) {
        kafkaFailure = exception;
      }
      if (pending.decrementAndGet() == 0) {
        kafkaDone();
      }
    }

    private void kafkaDone() {
      Exception failure = kafkaFailure;
      metrics.kafkaSend(System.nanoTime() - sendStart, failure == null);
      if (failure == null) {
        if (readings) {
          metrics.readingsAccepted(count);
        } else {
          metrics.recoveriesAccepted(count);
        }
        respond(Outcome.ACCEPTED, 202, Answers.accepted(count));
      } else {
        LOG.warn("Kafka did not acknowledge a request of {} records: {}", count, failure.toString());
        unavailable("kafka", "Kafka did not acknowledge every record (" + failure.getClass().getSimpleName()
            + "); retry later");
      }
    }

    private void unauthorized(String problem) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"vigil\"");
      answer(Outcome.UNAUTHORIZED, 401, "unauthorized", "Authorization", problem);
    }

    private void unavailable(String field, String problem) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, config.retryAfterSeconds());
      answer(Outcome.UNAVAILABLE, 503, "unavailable", field, problem);
    }

    private void internalError(Throwable e) {
      LOG.error("unexpected failure handling {} {}", request.getMethod(), request.getHttpURI().getPath(), e);
      answer(Outcome.ERROR, 500, "internal_error", "server", "unexpected failure; see the gateway's log");
    }

    private void answer(Outcome outcome, int status, String error, String field, String problem) {
      respond(outcome, status, Answers.error(status, error, field, problem));
    }

    /** Completes the exchange once; later attempts (a timeout racing the body, say) are ignored. */
    private void respond(Outcome outcome, int status, byte[] body) {
      if (!answered.compareAndSet(0, 1)) {
        return;
      }
      phase.set(DONE);
      cancelTimeout();
      metrics.request(outcome);
      try {
        if (!bodyConsumed) {
          closeIfBodyUnread(request, response);
        }
        write(response, Callback.from(this::finished, this::failed), status, Answers.JSON, body);
      } catch (RuntimeException e) {
        failed(e);
      }
    }

    private void fail(Throwable failure) {
      if (!answered.compareAndSet(0, 1)) {
        return;
      }
      phase.set(DONE);
      cancelTimeout();
      metrics.request(Outcome.ERROR);
      failed(failure);
    }

    private void finished() {
      inFlight.decrementAndGet();
      callback.succeeded();
    }

    private void failed(Throwable failure) {
      inFlight.decrementAndGet();
      callback.failed(failure);
    }

    private void cancelTimeout() {
      Scheduler.Task t = timeout;
      if (t != null) {
        t.cancel();
      }
    }
  }
}
