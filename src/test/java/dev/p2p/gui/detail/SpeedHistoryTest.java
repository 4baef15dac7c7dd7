package dev.p2p.gui.detail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.p2p.gui.detail.SpeedHistory.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeedHistoryTest {
  @Test
  void theLastReportInASecondIsThatSecondsValueAndTheOtherDirectionCarriesOn() {
    SpeedHistory h = new SpeedHistory();
    h.download(100, 10);
    h.download(100, 20);
    h.upload(100, 5);
    h.download(101, 30);
    assertEquals(List.of(new Sample(100, 20, 5), new Sample(101, 30, 5)), h.samples());
  }

  @Test
  void keepsOnlyTheLastCapacitySeconds() {
    SpeedHistory h = new SpeedHistory();
    for (long s = 0; s < 500; s++) h.download(s, s);
    List<Sample> samples = h.samples();
    assertEquals(SpeedHistory.CAPACITY, samples.size());
    assertEquals(500 - SpeedHistory.CAPACITY, samples.get(0).second());
    assertEquals(499, samples.get(samples.size() - 1).second());
  }

  @Test
  void aGapOlderThanTheWindowDropsTheStaleSamples() {
    SpeedHistory h = new SpeedHistory();
    h.download(0, 1);
    h.download(1, 2);
    h.download(1000, 3);
    assertEquals(List.of(new Sample(1000, 3, 0)), h.samples());
  }

  @Test
  void stopZeroesBothDirectionsAndAClockSteppingBackStaysInTheNewestSecond() {
    SpeedHistory h = new SpeedHistory();
    h.download(10, 8);
    h.upload(10, 4);
    h.stop(11);
    h.download(9, 2);
    assertEquals(List.of(new Sample(10, 8, 4), new Sample(11, 2, 0)), h.samples());
  }
}
