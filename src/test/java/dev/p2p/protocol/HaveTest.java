package dev.p2p.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.p2p.storage.FileId;
import java.util.Base64;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class HaveTest {
  private static final FileId ID =
      new FileId("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  private static BitSet bits(int... set) {
    BitSet b = new BitSet();
    for (int i : set) b.set(i);
    return b;
  }

  @Test
  void chunkZeroIsTheMostSignificantBitOfTheFirstByte() {
    Message.Have h = Message.Have.of(ID, 10, bits(0, 2, 9));
    // chunk 0 -> 0x80, chunk 2 -> 0x20 in byte 0; chunk 9 -> 0x40 in byte 1
    assertArrayEquals(new byte[] {(byte) 0xa0, 0x40}, Base64.getDecoder().decode(h.bitfield()));
    assertEquals("oEA=", h.bitfield());
    assertEquals(bits(0, 2, 9), h.chunks());
  }

  @Test
  void fileWithNoChunksHasTheEmptyBitfield() {
    Message.Have h = Message.Have.of(ID, 0, new BitSet());
    assertEquals("", h.bitfield());
    assertTrue(h.chunks().isEmpty());
  }

  @Test
  void bitsBeyondTheFileAreLeftOut() {
    assertEquals(bits(1), Message.Have.of(ID, 3, bits(1, 3, 100)).chunks());
  }

  @Test
  void allChunksOfAWholeNumberOfBytes() {
    Message.Have h = Message.Have.of(ID, 16, bits(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
        14, 15));
    assertEquals("//8=", h.bitfield());
    assertEquals(16, h.chunks().cardinality());
  }

  @Test
  void bitfieldOfTheWrongLengthIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Message.Have(ID, 10, "oA=="));
    assertTrue(e.getMessage().contains("has 1 bytes but num_chunks 10 needs 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Message.Have(ID, 1, "oEA="));
    assertThrows(IllegalArgumentException.class, () -> new Message.Have(ID, 0, "AA=="));
  }

  @Test
  void bitfieldThatIsNotBase64IsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Message.Have(ID, 8, "!!"));
    assertTrue(e.getMessage().contains("not base64"), e.getMessage());
  }

  @Test
  void spareBitsAfterTheLastChunkMustBeZero() {
    // 3 chunks: only the top 3 bits of the byte may be set; 0x10 is chunk "4"
    var e = assertThrows(IllegalArgumentException.class,
        () -> new Message.Have(ID, 3, Base64.getEncoder().encodeToString(new byte[] {0x10})));
    assertTrue(e.getMessage().contains("after the last chunk"), e.getMessage());
  }

  @Test
  void missingBitfieldIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Message.Have(ID, 3, null));
    assertTrue(e.getMessage().contains("bitfield is missing"), e.getMessage());
  }
}
