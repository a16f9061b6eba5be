package dev.stampede.postgres.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SCRAM-SHA-256 against the test vector of RFC 7677, section 3 (user "user", password "pencil"). */
class ScramTest {
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    @Test
    void theClientMessagesAreTheRfcsAndTheServerSignatureVerifies() throws Exception {
        Scram s = new Scram("user", NONCE);
        assertThat(s.clientFirst()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(s.clientFinal(SERVER_FIRST, "pencil".toCharArray())).isEqualTo(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        s.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void aWrongServerSignatureOrAForeignNonceIsRefusedWithoutThePassword() throws Exception {
        Scram s = new Scram("user", NONCE);
        String fin = s.clientFinal(SERVER_FIRST, "pencil".toCharArray());
        assertThatThrownBy(() -> s.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .isInstanceOf(WireException.class).hasMessageContaining("does not match").hasMessageNotContaining("pencil")
                .hasMessageNotContaining(fin.substring(fin.indexOf("p=") + 2));
        assertThatThrownBy(() -> new Scram("user", NONCE).clientFinal("r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                "pencil".toCharArray())).isInstanceOf(WireException.class).hasMessageContaining("nonce")
                .hasMessageNotContaining("pencil");
        assertThatThrownBy(() -> new Scram("user", NONCE).verifyServerFinal("e=invalid-proof"))
                .isInstanceOf(WireException.class).hasMessageContaining("invalid-proof");
    }
}
