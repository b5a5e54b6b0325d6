package io.herald.chat.readmodel;

import org.bson.Document;

/** One member's receipt cursors, as stored under {@code conversations.cursors.<userId>}. */
public record CursorDoc(long deliveredUpTo, long readUpTo) {

  public static final CursorDoc ZERO = new CursorDoc(0, 0);

  static final String DELIVERED_UP_TO = "deliveredUpTo";
  static final String READ_UP_TO = "readUpTo";

  public Document toDocument() {
    return new Document(DELIVERED_UP_TO, deliveredUpTo).append(READ_UP_TO, readUpTo);
  }

  public static CursorDoc fromDocument(Document d) {
    return new CursorDoc(Docs.longOr(d, DELIVERED_UP_TO, 0), Docs.longOr(d, READ_UP_TO, 0));
  }
}
