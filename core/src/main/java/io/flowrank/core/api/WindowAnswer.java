package io.flowrank.core.api;

/**
 * One window of data time the streams app holds: an element of {@code GET /api/windows}, and the
 * window a windowed answer is about.
 *
 * @param start its first second (data time)
 * @param end the first second after it
 * @param webFlows the web flows counted in it, over every device
 * @param open whether it still takes flows: its end plus the grace is above the largest {@code
 *     time} counted so far
 */
public record WindowAnswer(long start, long end, long webFlows, boolean open) {}
