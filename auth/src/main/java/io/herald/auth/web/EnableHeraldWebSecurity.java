package io.herald.auth.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;

/**
 * Spring Security for WebFlux as every Herald service runs it: with a {@link HeraldWebSecurity}
 * chain and without Spring Security's own observations ({@link SecurityWebObservations}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@EnableWebFluxSecurity
@Import({SecurityWebObservations.class, LeanSecurityDispatch.class})
public @interface EnableHeraldWebSecurity {
}
