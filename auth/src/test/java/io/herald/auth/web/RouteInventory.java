package io.herald.auth.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.resource.ResourceWebHandler;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping;
import reactor.core.publisher.Mono;

/**
 * Every route a running service answers, read from its handler mappings (functional routes,
 * request mappings such as actuator's, URL mappings such as the WebSocket handshake, and the files
 * of static resource folders): not a hand-kept list, so a new route shows up here by itself.
 */
public final class RouteInventory {

  /** One route: a method and a path pattern ({@code /v1/shops/{shopId}/stream}). */
  public record Route(HttpMethod method, String pattern) implements Comparable<Route> {

    /** {@code "GET /v1/shops/{shopId}/stream"}. */
    public String key() {
      return method.name() + " " + pattern;
    }

    /** A concrete path of the pattern: every variable {@code p1}, a trailing {@code **} one segment. */
    public String samplePath() {
      return pattern.replaceAll("\\{[^}]+}", "p1").replace("/**", "/sample");
    }

    @Override
    public int compareTo(Route o) {
      return key().compareTo(o.key());
    }
  }

  private RouteInventory() {}

  public static Set<Route> of(ApplicationContext context) {
    Set<Route> routes = new TreeSet<>();
    for (HandlerMapping mapping : context.getBeansOfType(HandlerMapping.class).values()) {
      if (mapping instanceof RouterFunctionMapping rf && rf.getRouterFunction() != null) {
        rf.getRouterFunction().accept(new RouteVisitor(routes));
      } else if (mapping instanceof RequestMappingInfoHandlerMapping rm) {
        for (RequestMappingInfo info : rm.getHandlerMethods().keySet()) {
          Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
          info.getPatternsCondition().getPatterns().forEach(p -> {
            for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
              routes.add(new Route(m.asHttpMethod(), p.getPatternString()));
            }
          });
        }
      } else if (mapping instanceof SimpleUrlHandlerMapping su) {
        su.getUrlMap().forEach((pattern, handler) -> {
          routes.add(new Route(HttpMethod.GET, pattern));
          if (handler instanceof ResourceWebHandler resources) {
            staticFiles(pattern, resources.getLocations(), routes);
          }
        });
      }
    }
    return routes;
  }

  /** The files a static resource mapping ({@code /**}) serves from folders on disk (test classpath). */
  private static void staticFiles(String pattern, List<Resource> locations, Set<Route> routes) {
    if (!pattern.endsWith("/**")) {
      return;
    }
    String prefix = pattern.substring(0, pattern.length() - 3);
    for (Resource location : locations) {
      File dir;
      try {
        dir = location.getFile();
      } catch (IOException | UnsupportedOperationException e) {
        continue; // in a jar: not listed
      }
      if (!dir.isDirectory()) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir.toPath())) {
        files.filter(Files::isRegularFile).forEach(f -> routes.add(new Route(HttpMethod.GET,
            prefix + "/" + dir.toPath().relativize(f).toString().replace(File.separatorChar, '/'))));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Collects method + path of every route, nested prefixes included. */
  private static final class RouteVisitor implements RouterFunctions.Visitor {
    private final Set<Route> routes;
    private final Deque<String> prefixes = new ArrayDeque<>();

    RouteVisitor(Set<Route> routes) {
      this.routes = routes;
    }

    @Override
    public void startNested(RequestPredicate predicate) {
      Parts p = Parts.of(predicate);
      prefixes.push(p.paths.isEmpty() ? "" : p.paths.get(0));
    }

    @Override
    public void endNested(RequestPredicate predicate) {
      prefixes.pop();
    }

    @Override
    public void route(RequestPredicate predicate, HandlerFunction<?> handlerFunction) {
      Parts p = Parts.of(predicate);
      StringBuilder prefix = new StringBuilder();
      prefixes.descendingIterator().forEachRemaining(prefix::append);
      for (String path : p.paths.isEmpty() ? List.of("") : p.paths) {
        for (HttpMethod m : p.methods.isEmpty() ? Set.of(HttpMethod.GET) : p.methods) {
          routes.add(new Route(m, prefix + path));
        }
      }
    }

    @Override
    public void resources(java.util.function.Function<ServerRequest, Mono<Resource>> lookupFunction) {
      throw new IllegalStateException("functional resource routes are not inventoried: " + lookupFunction);
    }

    @Override
    public void attributes(java.util.Map<String, Object> attributes) {}

    @Override
    public void unknown(RouterFunction<?> routerFunction) {
      throw new IllegalStateException("a route the inventory cannot read: " + routerFunction);
    }
  }

  private static final class Parts implements RequestPredicates.Visitor {
    final List<String> paths = new ArrayList<>();
    final Set<HttpMethod> methods = new java.util.LinkedHashSet<>();

    static Parts of(RequestPredicate predicate) {
      Parts p = new Parts();
      predicate.accept(p);
      return p;
    }

    @Override public void method(Set<HttpMethod> ms) { methods.addAll(ms); }
    @Override public void path(String pattern) { paths.add(pattern); }
    @Override public void pathExtension(String extension) {}
    @Override public void header(String name, String value) {}
    @Override public void queryParam(String name, String value) {}
    @Override public void version(String version) {}
    @Override public void startAnd() {}
    @Override public void and() {}
    @Override public void endAnd() {}
    @Override public void startOr() {}
    @Override public void or() {}
    @Override public void endOr() {}
    @Override public void startNegate() {}
    @Override public void endNegate() {}
    @Override public void unknown(RequestPredicate predicate) {
      throw new IllegalStateException("a route predicate the inventory cannot read: " + predicate);
    }
  }
}
