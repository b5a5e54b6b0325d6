package io.herald.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dashboard that stops reading: a plain socket with a tiny receive buffer, so the server's
 * writes back up after a few events. Afterwards it reads what the server sent, to the end.
 */
public final class RawSseConnection implements AutoCloseable {

  private final Socket socket = new Socket();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  public RawSseConnection(int port, String path, String bearer) {
    try {
      socket.setReceiveBufferSize(1024);
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
          + "Authorization: Bearer " + bearer + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads until the connected comment arrived, then the caller stops reading. */
  public RawSseConnection awaitConnected(Duration timeout) {
    readUntil(": connected", timeout);
    return this;
  }

  /** Reads until the chunked response ends (the server completed the stream). */
  public RawSseConnection readToEnd(Duration timeout) {
    readUntil("\r\n0\r\n\r\n", timeout);
    return this;
  }

  private void readUntil(String marker, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] buf = new byte[8192];
    try {
      InputStream in = socket.getInputStream();
      while (!received.toString(StandardCharsets.UTF_8).contains(marker)) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new AssertionError("no '" + marker.strip() + "' within " + timeout);
        }
        socket.setSoTimeout((int) Math.min(left, 500));
        try {
          int n = in.read(buf);
          if (n < 0) {
            throw new AssertionError("connection closed before '" + marker.strip() + "'");
          }
          received.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
          // poll again until the deadline
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SSE frames received so far (de-chunked), each as field name → value. */
  public List<Map<String, String>> frames() {
    String raw = received.toString(StandardCharsets.UTF_8);
    int body = raw.indexOf("\r\n\r\n") + 4;
    StringBuilder text = new StringBuilder();
    int i = body;
    while (i < raw.length()) { // chunked: <hex size>\r\n<data>\r\n
      int eol = raw.indexOf("\r\n", i);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(raw.substring(i, eol).trim(), 16);
      if (size == 0 || eol + 2 + size > raw.length()) {
        break;
      }
      text.append(raw, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
    List<Map<String, String>> frames = new ArrayList<>();
    for (String block : text.toString().split("\n\n")) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line : block.split("\n")) {
        int colon = line.indexOf(':');
        if (colon >= 0) {
          fields.putIfAbsent(colon == 0 ? "comment" : line.substring(0, colon), line.substring(colon + 1).strip());
        }
      }
      if (!fields.isEmpty()) {
        frames.add(fields);
      }
    }
    return frames;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
