package dev.stampede.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to --shard/--start-at and merge: one line naming the problem and the fix, exit 2, no stack trace. */
class ShardCliTest {
    @TempDir
    Path dir;

    @Test
    void aShardIndexOutsideTheRangeOrAStartInThePastIsExit2BeforeAnythingRuns() {
        Cli r = Cli.run("run", "--scenarios", "quick", "--shard", "4/4", "--start-at", "2030-01-01T00:00:00Z", "-o", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.all()).contains("--shard 4/4: the shard index must be 0..3").doesNotContain("Exception").doesNotContain("\tat ");
        Cli past = Cli.run("run", "--scenarios", "quick", "--shard", "0/4", "--start-at", "2020-01-01T00:00:00Z", "-o", dir.toString());
        assertThat(past.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(past.all()).contains("--start-at 2020-01-01T00:00:00Z is in the past");
        Cli none = Cli.run("run", "--scenarios", "quick", "--shard", "1/4", "-o", dir.toString());
        assertThat(none.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(none.all()).contains("--shard 1/4 needs --start-at");
    }

    @Test
    void mergeOfSomethingThatIsNotABundleIsExit2() throws Exception {
        Cli r = Cli.run("merge", "--output", dir.resolve("m").toString(), dir.resolve("nope").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.all()).contains("no such file or directory; give each shard's --output directory");
        Path junk = dir.resolve("junk.log");
        Files.writeString(junk, "just a log\n");
        Cli j = Cli.run("merge", "--output", dir.resolve("m").toString(), junk.toString());
        assertThat(j.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(j.all()).contains("cannot be read as a bundle archive: no complete bundle block");
    }
}
