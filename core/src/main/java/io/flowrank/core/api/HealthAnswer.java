package io.flowrank.core.api;

/** The answer of {@code GET /health}: 200 with the state when RUNNING, 503 with it otherwise. */
public record HealthAnswer(String state) {}
