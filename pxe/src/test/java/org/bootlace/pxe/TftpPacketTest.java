package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bootlace.CorruptImageException;
import org.junit.jupiter.api.Test;

class TftpPacketTest {
  private static TftpPacket parse(String bytes) throws CorruptImageException {
    return TftpPacket.parse(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.ISO_8859_1)), "s");
  }

  @Test
  void decodesEachKind() throws Exception {
    assertThat(parse("\0\3\1\2abc"))
        .isInstanceOfSatisfying(
            TftpPacket.Data.class,
            d -> {
              assertThat(d.block()).isEqualTo(0x102);
              assertThat(d.payload().remaining()).isEqualTo(3);
            });
    assertThat(parse("\0\4\377\377")).isEqualTo(new TftpPacket.Ack(65535));
    assertThat(parse("\0\5\0\1File not found\0"))
        .isEqualTo(new TftpPacket.Error(1, "File not found"));
    assertThat(parse("\0\6BLKSIZE\0001468\0tsize\00042\0"))
        .isEqualTo(new TftpPacket.OptionAck(Map.of("blksize", "1468", "tsize", "42")));
  }

  @Test
  void errorTextWithoutNulAndWithControlsIsKeptPrintable() throws Exception {
    assertThat(parse("\0\5\0\2no\033[2Jway")).isEqualTo(new TftpPacket.Error(2, "no?[2Jway"));
  }

  @Test
  void oackOptionWithoutNul() {
    assertThatThrownBy(() -> parse("\0\6blksize\0001468"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("tftp: packet from s: OACK value of blksize: no terminating NUL");
  }

  @Test
  void oackOptionTwice() {
    assertThatThrownBy(() -> parse("\0\6tsize\0001\0tsize\0002\0"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("tftp: packet from s: OACK: option tsize given twice");
  }

  @Test
  void shortPackets() {
    assertThatThrownBy(() -> parse("\0"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("tftp: packet from s: 1 bytes, no opcode");
    assertThatThrownBy(() -> parse("\0\3\1"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("tftp: packet from s: DATA block number: packet ends after 2 bytes");
    assertThatThrownBy(() -> parse("\0\4\0\1x"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("tftp: packet from s: ACK: 1 bytes after the block number");
  }

  @Test
  void encodesRequestAckAndError() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("blksize", "1468");
    o.put("tsize", "0");
    assertThat(bytes(TftpPacket.readRequest("pxelinux.cfg/default", o)))
        .isEqualTo("\0\1pxelinux.cfg/default\0octet\0blksize\0001468\0tsize\0000\0");
    assertThat(bytes(TftpPacket.ack(65535))).isEqualTo("\0\4\377\377");
    assertThat(bytes(TftpPacket.error(5, "Unknown transfer ID")))
        .isEqualTo("\0\5\0\5Unknown transfer ID\0");
  }

  private static String bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return new String(a, StandardCharsets.ISO_8859_1);
  }
}
