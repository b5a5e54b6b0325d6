package io.herald.testkit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A test that failed waiting (a {@link TimeoutException} anywhere in its cause chain, e.g. an HTTP
 * request that got no answer) prints this JVM's threads to stderr first: the services under test
 * run in it, so a blocked event loop shows in the report.
 */
public final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || String.valueOf(t.getMessage()).startsWith("Timeout on blocking read")) {
        System.err.println("=== " + context.getDisplayName() + " timed out; threads of this JVM:\n" + threadDump());
        break;
      }
    }
    throw failure;
  }

  /** Every thread with its state, locks and stack. */
  public static String threadDump() {
    StringBuilder dump = new StringBuilder();
    for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      dump.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
      if (thread.getLockName() != null) {
        dump.append(" on ").append(thread.getLockName());
      }
      dump.append('\n');
      for (StackTraceElement frame : thread.getStackTrace()) {
        dump.append("\tat ").append(frame).append('\n');
      }
    }
    return dump.toString();
  }
}
