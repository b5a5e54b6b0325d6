package io.herald.ingest.conversations;

import io.herald.ingest.web.RateLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Chat commands: signed-in callers only, rate-limited per user; membership is checked per command. */
@Configuration(proxyBeanMethods = false)
class ConversationRoutes {

  @Bean
  RouterFunction<ServerResponse> conversationRouter(ConversationHandler conversations, MessageHandler messages,
                                                    RateLimits limits) {
    return RouterFunctions.route()
        .POST("/v1/conversations", conversations::create)
        .POST("/v1/conversations/{conversationId}/members", conversations::addMember)
        .DELETE("/v1/conversations/{conversationId}/members/{userId}", conversations::removeMember)
        .POST("/v1/conversations/{conversationId}/messages", messages::send)
        .POST("/v1/conversations/{conversationId}/receipts", messages::receipt)
        .filter(limits.perUser())
        .build();
  }
}
