package io.flowrank.core.api;

/**
 * A device that became a web server (docs/design.md, "Time"): the value of its one record in the
 * topic {@code webserver-events} and an element of {@code GET /api/events}. The figures are those
 * of the window that qualified, as they stood when it did.
 *
 * @param dstdevice the device
 * @param window the start of the window that qualified first (data time, seconds)
 * @param answered its answered web flows in that window then
 * @param clients its distinct clients in that window then
 * @param count its web flows in that window then
 * @param firstSeen the earliest {@code time} of those flows
 */
public record ServerEvent(
    String dstdevice, long window, long answered, long clients, long count, long firstSeen) {}
