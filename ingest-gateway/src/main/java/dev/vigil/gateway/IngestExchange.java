package dev.vigil.gateway;

import dev.vigil.gateway.GatewayMetrics.Outcome;
import dev.vigil.wire.MalformedMessageException;
import dev.vigil.wire.SensorLog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest request from start to answer: checks, body, parse, auth, produce. It is also the Kafka callback of all
 * its records, and the answer is written from the last acknowledgement, so no thread waits for Kafka.
 *
 * <p>Order of checks: shutting down or too busy (503), content type (415), declared length (413), bearer token
 * present and known (401), body read within the size limit and the read timeout (413, 408), parse and validate with
 * the wire formats (400), batch size (413), token valid for every sensor in the body (401), Kafka reachable (503);
 * then every record is sent, and the answer is 202 when all were acknowledged, 503 when any failed.
 */
final class IngestExchange implements BodyReader.Listener, org.apache.kafka.clients.producer.Callback {
  private static final Logger LOG = LoggerFactory.getLogger(IngestExchange.class);

  private final IngestEndpoint endpoint;
  private final GatewayConfig config;
  private final IngestPath path;
  private final Request request;
  private final Response response;
  private final Callback callback;
  private final long receivedAt;
  private final AtomicBoolean answered = new AtomicBoolean();
  private volatile BodyReader reader;
  private BodyFormat format;
  private Set<String> allowedSensors;

  // Kafka phase
  private final AtomicInteger pending = new AtomicInteger();
  private volatile Exception kafkaFailure;
  private int count;
  private long sendStart;

  IngestExchange(IngestEndpoint endpoint, IngestPath path, Request request, Response response, Callback callback,
      long receivedAt) {
    this.endpoint = endpoint;
    this.config = endpoint.config;
    this.path = path;
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.receivedAt = receivedAt;
  }

  void start() {
    if (endpoint.health.refusing()) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
      unavailable("server", "this gateway is shutting down; retry (another replica will take it)");
      return;
    }
    if (endpoint.inFlight() > config.maxInFlight()) {
      unavailable("server", "too many requests in flight (" + config.maxInFlight() + "); retry later");
      return;
    }
    try {
      format = BodyFormat.of(request.getHeaders().get(HttpHeader.CONTENT_TYPE), path.positionalAllowed());
    } catch (BodyFormat.UnsupportedException e) {
      answer(Outcome.UNSUPPORTED_MEDIA_TYPE, 415, "unsupported_media_type", "Content-Type", e.getMessage());
      return;
    }
    long declared = request.getLength();
    if (declared > config.maxBodyBytes()) {
      answer(Outcome.PAYLOAD_TOO_LARGE, 413, "payload_too_large", "body",
          "body of " + declared + " bytes is over the limit of " + config.maxBodyBytes() + " bytes");
      return;
    }
    if (config.tokens() != null) {
      allowedSensors = config.tokens().current().sensorsFor(request.getHeaders().get(HttpHeader.AUTHORIZATION));
      if (allowedSensors == null) {
        unauthorized("send 'Authorization: Bearer <sensor token>' with a valid token");
        return;
      }
    }
    reader = new BodyReader(request, config.maxBodyBytes(), this);
    reader.start(config.readTimeoutMs());
  }

  // ---- the body -------------------------------------------------------------------------------------------------

  @Override
  public void body(byte[] body) {
    try {
      ingest(body);
    } catch (RuntimeException e) {
      internalError(e);
    }
  }

  @Override
  public void tooLarge() {
    answer(Outcome.PAYLOAD_TOO_LARGE, 413, "payload_too_large", "body",
        "body is over the limit of " + config.maxBodyBytes() + " bytes");
  }

  @Override
  public void timedOut() {
    answer(Outcome.TIMEOUT, 408, "request_timeout", "body",
        "the body did not arrive within " + config.readTimeoutMs() + " ms");
  }

  @Override
  public void failed(Throwable failure) {
    if (answered.compareAndSet(false, true)) {
      endpoint.metrics.request(Outcome.ERROR);
      callback.failed(failure);
    }
  }

  // ---- parse, auth, produce -------------------------------------------------------------------------------------

  private void ingest(byte[] body) {
    List<IngestPath.Message> messages;
    try {
      messages = path.parse(body, format, receivedAt);
    } catch (MalformedMessageException e) {
      answer(Outcome.BAD_REQUEST, 400, "bad_request", e.field(), e.problem());
      return;
    }
    if (messages.size() > config.maxBatch()) {
      answer(Outcome.PAYLOAD_TOO_LARGE, 413, "payload_too_large", "body",
          "batch of " + messages.size() + " messages is over the limit of " + config.maxBatch());
      return;
    }
    for (IngestPath.Message m : messages) {
      if (allowedSensors != null && !allowedSensors.contains(m.sensorId())) {
        unauthorized("the token is not valid for sensor " + m.sensorId());
        return;
      }
    }
    if (!endpoint.health.kafkaReachable()) {
      unavailable("kafka", "Kafka cannot take data right now; retry later");
      return;
    }
    send(messages);
  }

  /**
   * Readings and recoveries alike go to the sensor log (the readings topic), keyed by sensor, with the
   * {@link SensorLog#KIND_HEADER} header: one partition per sensor keeps a recovery after the readings acknowledged
   * before it.
   */
  private ProducerRecord<String, byte[]> record(IngestPath.Message message) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(config.readingsTopic(), message.sensorId(), message.json());
    record.headers().add(SensorLog.KIND_HEADER, path.kind().headerBytes());
    return record;
  }

  /** Sends the records in request order on the one producer, so that one sensor's records land in that order. */
  private void send(List<IngestPath.Message> messages) {
    count = messages.size();
    pending.set(count);
    sendStart = System.nanoTime();
    for (int i = 0; i < messages.size(); i++) {
      try {
        endpoint.producer.send(record(messages.get(i)), this);
      } catch (RuntimeException e) {
        // send() threw, so it will not call back for this record; nor are the later ones sent.
        kafkaFailure = e;
        int unsent = messages.size() - i;
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
    endpoint.metrics.kafkaSend(System.nanoTime() - sendStart, failure == null);
    if (failure == null) {
      endpoint.metrics.accepted(path.kind(), count);
      respond(Outcome.ACCEPTED, 202, Answers.accepted(count));
    } else {
      LOG.warn("Kafka did not acknowledge a request of {} records: {}", count, failure.toString());
      unavailable("kafka", "Kafka did not acknowledge every record (" + failure.getClass().getSimpleName()
          + "); retry later");
    }
  }

  // ---- answers --------------------------------------------------------------------------------------------------

  private void unauthorized(String problem) {
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"vigil\"");
    answer(Outcome.UNAUTHORIZED, 401, "unauthorized", "Authorization", problem);
  }

  private void unavailable(String field, String problem) {
    response.getHeaders().put(HttpHeader.RETRY_AFTER, config.retryAfterSeconds());
    answer(Outcome.UNAVAILABLE, 503, "unavailable", field, problem);
  }

  void internalError(Throwable e) {
    LOG.error("unexpected failure handling {} {}", request.getMethod(), request.getHttpURI().getPath(), e);
    answer(Outcome.ERROR, 500, "internal_error", "server", "unexpected failure; see the gateway's log");
  }

  private void answer(Outcome outcome, int status, String error, String field, String problem) {
    respond(outcome, status, Answers.error(status, error, field, problem));
  }

  /** Answers once; later attempts (a failure racing an answer, say) are ignored. */
  private void respond(Outcome outcome, int status, byte[] body) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    endpoint.metrics.request(outcome);
    try {
      BodyReader r = reader;
      if (r != null && r.complete()) {
        Answers.send(response, callback, status, Answers.JSON, body);
      } else {
        Answers.sendBeforeBody(request, response, r, callback, status, body);
      }
    } catch (RuntimeException e) {
      callback.failed(e);
    }
  }
}
