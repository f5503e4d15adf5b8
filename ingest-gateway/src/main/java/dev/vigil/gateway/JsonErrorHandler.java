package dev.vigil.gateway;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself (malformed HTTP, headers over 8 KiB: 431, ...) get the same JSON body as the
 * gateway's own errors instead of Jetty's HTML page; no stack traces, no server version.
 *
 * <p>An unknown HTTP version ({@code HTTP/9.9}) is answered 400, not Jetty's 505: it is the client's mistake, and a
 * 5xx would count against the gateway's error rate, which pages an operator.
 */
final class JsonErrorHandler extends ErrorHandler {
  JsonErrorHandler() {
    setShowStacks(false);
    setShowMessageInTitle(false);
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
      code = HttpStatus.BAD_REQUEST_400;
      message = "unknown HTTP version; send HTTP/1.1";
      response.setStatus(code);
    }
    String reason = HttpStatus.getMessage(code);
    String error = reason == null ? "error" : reason.toLowerCase().replace(' ', '_');
    byte[] body = Answers.error(code, error, "request", message == null || message.isBlank() ? reason : message);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Answers.JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
