package io.flowrank.core.api;

/**
 * One device's figures: the answer of {@code GET /api/devices/{dstdevice}}, and each line of
 * {@code GET /api/counts} (NDJSON).
 */
public record DeviceAnswer(String dstdevice, long count) {}
