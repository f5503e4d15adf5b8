package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.simulator.SensorFleet.Message;
import dev.vigil.wire.Reading;
import dev.vigil.wire.WireFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorFleetTest {

  private static final SensorFleet.Mix MIX = new SensorFleet.Mix(0.01, 0.01, 0.01, 3, 5);

  private static List<Message> play(SensorFleet fleet, int n) {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      messages.add(fleet.next(1_000 + i));
    }
    return messages;
  }

  @Test
  void theSameSeedSendsTheSameMessages() {
    List<Message> a = play(new SensorFleet(50, 1, MIX, 7), 5_000);
    List<Message> b = play(new SensorFleet(50, 1, MIX, 7), 5_000);
    List<Message> c = play(new SensorFleet(50, 1, MIX, 8), 5_000);
    assertThat(a).zipSatisfy(b, (x, y) -> assertThat(x.json()).isEqualTo(y.json()));
    assertThat(a.stream().map(m -> new String(m.json())).toList())
        .isNotEqualTo(c.stream().map(m -> new String(m.json())).toList());
  }

  @Test
  void sensorsPostInTurnWithConsecutiveIds() {
    List<Message> messages = play(new SensorFleet(3, 42959, MIX, 1), 6);
    assertThat(messages).extracting(Message::sensorId)
        .containsExactly("42959", "42960", "42961", "42959", "42960", "42961");
  }

  @Test
  void episodesGiveThreeAbnormalReadingsInARowAndARecoveryFollows() throws Exception {
    SensorFleet fleet = new SensorFleet(20, 1, MIX, 3);
    Map<String, Integer> smokeRun = new HashMap<>();
    Map<String, Integer> heatRun = new HashMap<>();
    int smokeAlarms = 0;
    int heatAlarms = 0;
    int motions = 0;
    int recoveries = 0;
    for (Message m : play(fleet, 20_000)) {
      if (m.kind() == Message.Kind.RECOVERY) {
        recoveries++;
        continue;
      }
      Reading r = WireFormat.parseReading(m.json(), 0);
      int smoke = r.smoke() ? smokeRun.merge(r.sensorId(), 1, Integer::sum) : 0;
      int heat = r.overTemperature() ? heatRun.merge(r.sensorId(), 1, Integer::sum) : 0;
      if (!r.smoke()) {
        smokeRun.remove(r.sensorId());
      }
      if (!r.overTemperature()) {
        heatRun.remove(r.sensorId());
      }
      smokeAlarms += smoke == 3 ? 1 : 0;
      heatAlarms += heat == 3 ? 1 : 0;
      motions += r.motion() ? 1 : 0;
    }
    // ~1% of 20,000 readings each start an event; each event schedules one recovery.
    assertThat(smokeAlarms).isBetween(100, 300);
    assertThat(heatAlarms).isBetween(100, 300);
    assertThat(motions).isBetween(100, 300);
    assertThat(recoveries).isBetween(300, smokeAlarms + heatAlarms + motions);
  }

  @Test
  void aSensorIsCalmAroundItsRecoveries() throws Exception {
    int calm = MIX.recoveryAfter();
    Map<String, List<Message>> bySensor = new HashMap<>();
    for (Message m : play(new SensorFleet(20, 1, MIX, 4), 20_000)) {
      bySensor.computeIfAbsent(m.sensorId(), k -> new ArrayList<>()).add(m);
    }
    int recoveries = 0;
    for (List<Message> messages : bySensor.values()) {
      for (int i = 0; i < messages.size(); i++) {
        if (messages.get(i).kind() != Message.Kind.RECOVERY) {
          continue;
        }
        recoveries++;
        // The readings just before (after the event's end) and just after a recovery are all normal.
        for (int j = Math.max(0, i - (calm - 1)); j <= Math.min(messages.size() - 1, i + calm); j++) {
          if (j != i) {
            Reading r = WireFormat.parseReading(messages.get(j).json(), 0);
            assertThat(r.motion() || r.smoke() || r.overTemperature())
                .as("reading %d of sensor %s, near its recovery at %d", j, r.sensorId(), i).isFalse();
          }
        }
      }
    }
    assertThat(recoveries).isGreaterThan(100);
  }

  @Test
  void normalReadingsStayAtOrBelowTheMaximum() throws Exception {
    SensorFleet fleet = new SensorFleet(10, 1, new SensorFleet.Mix(0, 0, 0, 3, 5), 9);
    for (Message m : play(fleet, 2_000)) {
      Reading r = WireFormat.parseReading(m.json(), 0);
      assertThat(r.overTemperature() || r.smoke() || r.motion()).isFalse();
    }
  }

  @Test
  void rejectsAnImpossibleMix() {
    assertThatThrownBy(() -> new SensorFleet.Mix(0.6, 0.6, 0, 3, 5)).hasMessageContaining("more than 1");
    assertThatThrownBy(() -> new SensorFleet.Mix(-0.1, 0, 0, 3, 5)).hasMessageContaining("between 0 and 1");
  }
}
