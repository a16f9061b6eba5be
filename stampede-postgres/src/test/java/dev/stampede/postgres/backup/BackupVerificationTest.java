package dev.stampede.postgres.backup;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackupVerificationTest {
    private static Map<String, TableInventory.TableStats> inv(Object... nameRowsSum) {
        Map<String, TableInventory.TableStats> m = new LinkedHashMap<>();
        for (int i = 0; i < nameRowsSum.length; i += 3) {
            m.put((String) nameRowsSum[i], new TableInventory.TableStats((String) nameRowsSum[i], (Long) nameRowsSum[i + 1],
                    (String) nameRowsSum[i + 2]));
        }
        return m;
    }

    @Test
    void everyKindOfDifferenceIsOneProblem() {
        var src = inv("a.same", 3L, "10", "a.count", 5L, "20", "a.content", 4L, "30", "a.gone", 2L, "40");
        var restored = inv("a.same", 3L, "10", "a.count", 4L, "19", "a.content", 4L, "31", "a.extra", 1L, "50");
        List<BackupVerification.TableRow> rows = new ArrayList<>();
        List<String> problems = BackupVerification.compare(src, restored, rows);
        assertEquals(List.of("table a.count has 5 rows in the source and 4 after the restore",
                "table a.content has the same row count (4) but different contents after the restore",
                "table a.gone (2 rows in the source) is missing from the restored database",
                "table a.extra is in the dump but not in the source"), problems);
        assertEquals(5, rows.size());
        assertTrue(rows.get(0).ok());
        assertFalse(rows.get(1).ok());
    }

    @Test
    void identicalInventoriesHaveNoProblem() {
        var src = inv("s.t", 0L, "0", "s.u", 9L, "-123");
        List<BackupVerification.TableRow> rows = new ArrayList<>();
        assertEquals(List.of(), BackupVerification.compare(src, inv("s.u", 9L, "-123", "s.t", 0L, "0"), rows));
        assertTrue(rows.stream().allMatch(BackupVerification.TableRow::ok));
    }
}
