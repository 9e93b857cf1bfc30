package dev.realtime.bench.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessProbeTest {
    @Test
    void cpuTicksAreUtimePlusStimeEvenWhenTheCommandHasSpacesAndParens() {
        String stat = "4242 (node (worker) 1) S 1 4242 4242 0 -1 4194304 1234 0 0 0 150 25 0 0 20 0 11 0 999 "
                + "1000000 5000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

        assertThat(ProcessProbe.cpuTicks(stat)).isEqualTo(175);
    }

    @Test
    void rssComesFromTheVmRssLine() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t   51234 kB\nThreads:\t12\n";

        assertThat(ProcessProbe.rssKb(status)).isEqualTo(51234);
    }

    @Test
    void readsThisProcess() {
        ProcessProbe self = new ProcessProbe(List.of("self"), 100);

        assertThat(self.rssKb()).isPositive();
        assertThat(self.cpuMicros()).isNotNegative();
    }
}
