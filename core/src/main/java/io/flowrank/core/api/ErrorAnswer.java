package io.flowrank.core.api;

/** The body of every error answer (400, 404, 405, 503, ...): one message, never a stack trace. */
public record ErrorAnswer(String error) {}
