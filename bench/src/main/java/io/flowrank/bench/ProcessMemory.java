package io.flowrank.bench;

/** Memory figures of one benchmarked process. */
record ProcessMemory(String process, long peakRssBytes, GcLog heap) {}
