package org.bootlace.pxe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.bootlace.CorruptImageException;
import org.junit.jupiter.api.Test;

class DhcpPacketTest {
  static final byte[] MAC = {(byte) 0xaa, 0x00, (byte) 0x86, (byte) 0xe2, 0x35, 0x72};

  private static DhcpBytes offer() {
    return new DhcpBytes(2, 0x1234, MAC, new int[] {192, 0, 2, 50})
        .siaddr(192, 0, 2, 1)
        .opt(53, 2)
        .opt(54, 192, 0, 2, 1)
        .opt(51, 0, 0, 0x0e, 0x10)
        .opt(1, 255, 255, 255, 0)
        .opt(3, 192, 0, 2, 254, 192, 0, 2, 253)
        .opt(6, 192, 0, 2, 53);
  }

  @Test
  void decodesEveryFieldOfAnOffer() throws Exception {
    DhcpPacket p =
        DhcpPacket.parse(
            offer()
                .file("pxelinux.0")
                .sname("boot")
                .text(60, "PXEClient")
                .text(209, "cfg/x")
                .text(210, "/tftp/")
                .opt(211, 0, 0, 0, 30)
                .text(12, "guest")
                .opt(97, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)
                .build(),
            "test");
    assertThat(p.op()).isEqualTo(2);
    assertThat(p.xid()).isEqualTo(0x1234);
    assertThat(p.messageType()).isEqualTo(DhcpPacket.OFFER);
    assertThat(p.yiaddr().getHostAddress()).isEqualTo("192.0.2.50");
    assertThat(p.siaddr().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(p.chaddr()).isEqualTo(MAC);
    assertThat(p.file()).isEqualTo("pxelinux.0");
    assertThat(p.sname()).isEqualTo("boot");
    DhcpOptions o = p.options();
    assertThat(o.address(54).get().getHostAddress()).isEqualTo("192.0.2.1");
    assertThat(o.unsigned32(51).getAsLong()).isEqualTo(3600);
    assertThat(o.addresses(3)).hasSize(2);
    assertThat(o.text(209)).contains("cfg/x");
    assertThat(o.text(210)).contains("/tftp/");
    assertThat(o.unsigned32(211).getAsLong()).isEqualTo(30);
    assertThat(o.text(12)).contains("guest");
    assertThat(o.raw(97).get()).hasSize(17);
  }

  @Test
  void overloadedFileAndSnameHoldOptions() throws Exception {
    DhcpBytes b = offer().opt(52, 3);
    // file: option 67; sname: option 66; both read after the options field.
    b.raw(108, 67, 4, 'a', '.', '0', 'x', 255);
    b.raw(44, 66, 2, 'h', 'x', 255);
    DhcpPacket p = DhcpPacket.parse(b.build(), "test");
    assertThat(p.file()).isEmpty();
    assertThat(p.sname()).isEmpty();
    assertThat(p.options().text(67)).contains("a.0x");
    assertThat(p.options().text(66)).contains("hx");
  }

  @Test
  void repeatedOptionsAreConcatenated() throws Exception {
    DhcpPacket p =
        DhcpPacket.parse(
            offer().text(67, "debian-").text(67, "installer/pxelinux.0").build(), "test");
    assertThat(p.options().text(67)).contains("debian-installer/pxelinux.0");
  }

  @Test
  void optionRunningPastTheEnd() {
    ByteBuffer b = offer().build(false);
    ByteBuffer longer = ByteBuffer.allocate(b.remaining() + 3);
    longer.put(b).put((byte) 67).put((byte) 10).put((byte) 'x').flip();
    assertThatThrownBy(() -> DhcpPacket.parse(longer, "192.0.2.1:67"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "dhcp: packet from 192.0.2.1:67: options: option 67 at offset 277: length 10 runs past the end of the area (1 bytes left)");
  }

  @Test
  void missingEndOption() {
    assertThatThrownBy(() -> DhcpPacket.parse(offer().build(false), "s"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("dhcp: packet from s: options: no end option (255) before offset 277");
  }

  @Test
  void badMagicCookie() {
    ByteBuffer b = offer().raw(236, 1, 2, 3, 4).build();
    assertThatThrownBy(() -> DhcpPacket.parse(b, "s"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage("dhcp: packet from s: magic cookie at offset 236: 0x1020304 != 0x63825363");
  }

  @Test
  void shortPacket() {
    assertThatThrownBy(() -> DhcpPacket.parse(ByteBuffer.allocate(100), "s"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "dhcp: packet from s: 100 bytes, shorter than the 240 of a DHCP header and magic cookie");
  }

  @Test
  void wrongOptionLength() {
    assertThatThrownBy(() -> DhcpPacket.parse(offer().opt(211, 1, 2).build(), "s"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "dhcp: packet from s: option 211 (pxelinux reboot time): 2 bytes (0102) is not 4 bytes");
  }

  @Test
  void badOverloadValue() {
    assertThatThrownBy(() -> DhcpPacket.parse(offer().opt(52, 4).build(), "s"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "dhcp: packet from s: option 52 (overload): 1 bytes (04) is not one byte of 1, 2 or 3");
  }

  @Test
  void controlCharacterInBootFile() {
    assertThatThrownBy(() -> DhcpPacket.parse(offer().text(67, "a\nb").build(), "s"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessage(
            "dhcp: packet from s: option 67 (boot file name): 3 bytes (610a62) holds control character 0xa at index 1");
  }

  @Test
  void encodesARequestAsRfc2131Lays() throws Exception {
    ByteBuffer b =
        DhcpPacket.encode(
            0xcafe,
            3,
            0x8000,
            DhcpOptions.inet(new byte[4], 0),
            MAC,
            Map.of(53, new byte[] {1}, 60, "PXEClient".getBytes(StandardCharsets.UTF_8)));
    assertThat(b.remaining()).isEqualTo(300);
    assertThat(b.get(0)).isEqualTo((byte) 1);
    assertThat(b.getInt(4)).isEqualTo(0xcafe);
    assertThat(b.getShort(8)).isEqualTo((short) 3);
    assertThat(b.getShort(10)).isEqualTo((short) 0x8000);
    assertThat(b.getInt(236)).isEqualTo(0x63825363);
    assertThat(new byte[] {b.get(240), b.get(241), b.get(242), b.get(243), b.get(244)})
        .containsExactly(53, 1, 1, 60, 9);
    DhcpPacket back = DhcpPacket.parse(b, "self");
    assertThat(back.op()).isEqualTo(1);
    assertThat(back.options().text(60)).contains("PXEClient");
    assertThat(back.chaddr()).isEqualTo(MAC);
  }
}
