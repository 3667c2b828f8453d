package io.flowrank.bench;

/** Memory figures of one benchmarked process. */
public record ProcessMemory(String process, long peakRssBytes, GcLog heap) {}
