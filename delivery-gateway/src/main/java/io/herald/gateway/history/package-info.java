/** Members-only chat history from the MongoDB read model: conversation list and message pages. */
package io.herald.gateway.history;
