package dev.vigil.pipeline.count;

import dev.vigil.wire.AlarmType;

/**
 * How many alarms of one type were raised in one event-time window [windowStart, windowEnd), in epoch ms. A late
 * reading re-emits its window with the updated (accumulated) count, so a sink should upsert by (type, windowStart).
 */
public record AlarmCount(AlarmType type, long windowStart, long windowEnd, long count) {}
