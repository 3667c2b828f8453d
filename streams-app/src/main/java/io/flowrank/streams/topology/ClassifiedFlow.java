package io.flowrank.streams.topology;

import io.flowrank.core.rules.Verdict;

/**
 * A record of {@code flows} with the rules' verdict on it. Lives only inside one sub-topology (it is
 * never serialized): web flows go on keyed by dstdevice, rejected ones go out as their raw bytes.
 */
record ClassifiedFlow(Verdict verdict, byte[] raw) {}
