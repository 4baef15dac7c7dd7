package dev.p2p.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.p2p.text.HostPort.Invalid.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1:5000    | 127.0.0.1   | 5000  | 127.0.0.1:5000
      tracker.lan:1     | tracker.lan | 1     | tracker.lan:1
      '  host:65535 '   | host        | 65535 | host:65535
      host: 7000        | host        | 7000  | host:7000
      [::1]:5000        | ::1         | 5000  | [::1]:5000
      [fe80::1%eth0]:80 | fe80::1%eth0 | 80   | [fe80::1%eth0]:80
      """)
  void parsesAndWritesBackHostAndPort(String text, String host, int port, String written) {
    HostPort hp = HostPort.parse(text, 1);
    assertEquals(new HostPort(host, port), hp);
    assertEquals(written, hp.toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      ''           | 1 | EMPTY                 | ''
      127.0.0.1    | 1 | NO_PORT               | 127.0.0.1
      :5000        | 1 | EMPTY_HOST            | :5000
      []:5000      | 1 | EMPTY_HOST            | []:5000
      host:0       | 1 | PORT_OUT_OF_RANGE     | 0
      host:65536   | 0 | PORT_OUT_OF_RANGE     | 65536
      host:-1      | 0 | PORT_OUT_OF_RANGE     | -1
      host:http    | 1 | PORT_NOT_A_NUMBER     | http
      host:        | 1 | PORT_NOT_A_NUMBER     | ''
      ::1:5000     | 1 | IPV6_WITHOUT_BRACKETS | ::1:5000
      [::1]5000    | 1 | BAD_BRACKETS          | [::1]5000
      [::1         | 1 | BAD_BRACKETS          | [::1
      [::1]:       | 1 | PORT_NOT_A_NUMBER     | ''
      my host:5000 | 1 | SPACE_IN_HOST         | my host:5000
      """)
  void saysWhatIsWrongAndWhere(String text, int minPort, Reason reason, String part) {
    HostPort.Invalid e = assertThrows(HostPort.Invalid.class, () -> HostPort.parse(text, minPort));
    assertEquals(reason, e.reason());
    assertEquals(part, e.text());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"0 | 0 | 0", "' 6000 ' | 0 | 6000", "65535 | 1 | 65535"})
  void parsesAPortInRange(String text, int minPort, int port) {
    assertEquals(port, HostPort.port(text, minPort));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0     | 1 | PORT_OUT_OF_RANGE
      65536 | 0 | PORT_OUT_OF_RANGE
      6e3   | 0 | PORT_NOT_A_NUMBER
      ''    | 0 | PORT_NOT_A_NUMBER
      """)
  void rejectsAPortOutOfRangeOrNotANumber(String text, int minPort, Reason reason) {
    assertEquals(reason, assertThrows(HostPort.Invalid.class, () -> HostPort.port(text, minPort)).reason());
  }
}
