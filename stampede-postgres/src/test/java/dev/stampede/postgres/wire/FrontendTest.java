package dev.stampede.postgres.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The frontend messages byte for byte, as protocol 3.0's message formats lay them out. */
class FrontendTest {
    private static String hex(ByteBuffer b) {
        ByteBuffer d = b.duplicate().flip();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return HexFormat.of().formatHex(out);
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void startupIsLengthProtocolAndNulTerminatedPairs() {
        ByteBuffer b = ByteBuffer.allocate(256);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("user", "u");
        p.put("database", "d");
        Frontend.startup(b, p);
        // 4 length + 4 protocol + "user\0u\0database\0d\0" (18) + final NUL = 27
        assertThat(hex(b)).isEqualTo("0000001b" + "00030000" + hex("user") + "00" + hex("u") + "00" + hex("database") + "00"
                + hex("d") + "00" + "00");
    }

    @Test
    void parseDescribeAndSync() {
        ByteBuffer b = ByteBuffer.allocate(256);
        Frontend.parse(b, "s1", "SELECT $1", List.of(ParamType.INT4));
        Frontend.describeStatement(b, "s1");
        Frontend.sync(b);
        String parse = "50" + "00000017" + hex("s1") + "00" + hex("SELECT $1") + "00" + "0001" + "00000017";
        String describe = "44" + "00000008" + "53" + hex("s1") + "00";
        assertThat(hex(b)).isEqualTo(parse + describe + "5300000004");
    }

    @Test
    void bindExecuteSyncCarriesBinaryValuesPatchedInPlace() {
        ByteBuffer b = ByteBuffer.allocate(256);
        int[] offsets = new int[2];
        Frontend.bindExecuteSync(b, "s1", List.of(ParamType.INT4, ParamType.INT8), offsets);
        b.flip();
        PreparedStatement ps = new PreparedStatement(null, b, offsets);
        ps.setInt(0, 0x01020304).setLong(1, 0x0a0b0c0d0e0f1011L);
        ByteBuffer m = ps.message();
        byte[] out = new byte[m.remaining()];
        m.get(out);
        String bind = "42" + "00000026" + "00" + hex("s1") + "00" + "0001" + "0001" + "0002"
                + "00000004" + "01020304" + "00000008" + "0a0b0c0d0e0f1011" + "0001" + "0001";
        assertThat(HexFormat.of().formatHex(out)).isEqualTo(bind + "45" + "00000009" + "00" + "00000000" + "5300000004");
        assertThat(offsets).containsExactly(19, 27);
    }

    @Test
    void passwordAndSaslMessages() {
        ByteBuffer b = ByteBuffer.allocate(256);
        Frontend.saslInitial(b, "SCRAM-SHA-256", "n,,n=,r=x");
        assertThat(hex(b)).isEqualTo("70" + "0000001f" + hex("SCRAM-SHA-256") + "00" + "00000009" + hex("n,,n=,r=x"));
        b.clear();
        Frontend.terminate(b);
        assertThat(hex(b)).isEqualTo("5800000004");
    }

    @Test
    void questionMarksBecomeNumberedParameters() {
        assertThat(WireStatementOperation.dollarParameters("SELECT a FROM t WHERE x = ? AND y = ?"))
                .isEqualTo("SELECT a FROM t WHERE x = $1 AND y = $2");
    }
}
