package dev.vigil.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;

/** Everything the pipeline core can be told on the command line ({@code --name=value}). */
public interface VigilOptions extends PipelineOptions, StreamingOptions {

  @Description("Consecutive abnormal readings of one type (smoke, over-temperature) that raise its alarm.")
  @Default.Integer(3)
  int getStreakLength();

  void setStreakLength(int value);

  @Description("A sensor's state goes out (to the map's sink) at most once per this many seconds of event time, "
      + "plus whenever its active alarms change; 0: after every reading. Throttled in the rules' own state.")
  @Default.Long(5)
  long getStateWriteIntervalSeconds();

  void setStateWriteIntervalSeconds(long value);

  @Description("An abnormal streak lapses when its next abnormal reading comes more than this many minutes "
      + "(event time) after the previous one. Checked when the reading arrives, not by a timer.")
  @Default.Long(10)
  long getCountLapseMinutes();

  void setCountLapseMinutes(long value);

  @Description("Let the rules use timers (OFFLINE detection). Set false on Spark, whose streaming runner rejects "
      + "event-time timers; the alarms of rules 1-4 are the same either way.")
  @Default.Boolean(true)
  boolean getTimersEnabled();

  void setTimersEnabled(boolean value);

  @Description("Raise OFFLINE when a sensor has sent no reading for this many minutes of event time "
      + "(0 disables; needs --timersEnabled=true).")
  @Default.Long(30)
  long getOfflineAfterMinutes();

  void setOfflineAfterMinutes(long value);

  @Description("Reload the customer table every this many seconds without restarting (0 loads it once). A reload "
      + "becomes visible one period after it started.")
  @Default.Long(300)
  long getCustomerRefreshSeconds();

  void setCustomerRefreshSeconds(long value);

  @Description("Size of the event-time windows in which alarms are counted per type, in seconds.")
  @Default.Long(60)
  long getCountWindowSeconds();

  void setCountWindowSeconds(long value);

  @Description("How late (event time behind the watermark, in minutes) an alarm may be and still update its "
      + "window's count.")
  @Default.Long(10)
  long getAllowedLatenessMinutes();

  void setAllowedLatenessMinutes(long value);
}
