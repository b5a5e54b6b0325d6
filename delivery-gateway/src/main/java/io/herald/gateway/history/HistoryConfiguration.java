package io.herald.gateway.history;

import io.herald.chat.readmodel.ConversationReadModel;
import io.herald.gateway.problem.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Chat history for members, from the read model: {@code GET /v1/conversations?limit=} and
 * {@code GET /v1/conversations/{conversationId}/messages?before=&limit=}. Authorization: Bearer
 * access token only (pages fetch these with headers; tickets are for sockets).
 */
@Configuration(proxyBeanMethods = false)
class HistoryConfiguration {

  @Bean
  RouterFunction<ServerResponse> historyRoutes(ConversationReadModel readModel) {
    HistoryHandler handler = new HistoryHandler(readModel);
    return RouterFunctions.route()
        .GET("/v1/conversations", handler::conversations)
        .GET("/v1/conversations/{conversationId}/messages", handler::messages)
        .onError(ProblemResponses::handles, ProblemResponses::render)
        .build();
  }
}
