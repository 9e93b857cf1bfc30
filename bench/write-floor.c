// The floor under "CPU per delivery": what one write(2) of a small frame to a loopback TCP socket costs
// on this machine, with nothing else around it. A writer pinned to one core sends EVENTS events per second;
// each event is one write of a FRAME-byte frame to each of MEMBERS sockets (as a server fans one message out
// to a room), and a reader process pinned to the other core drains them with epoll. The writer's CPU time
// (user + system, from getrusage) divided by the number of writes is the floor a server cannot go under
// while it writes each delivery on its own.
//
//   cc -O2 -o /tmp/write-floor bench/write-floor.c
//   /tmp/write-floor [members=100] [events_per_s=200] [seconds=10] [frame_bytes=120] [writer_cpu=0] [reader_cpu=1]
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) perror("sched_setaffinity");
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void drain_forever(int *fds, int n) {
    int ep = epoll_create1(0);
    for (int i = 0; i < n; i++) {
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fds[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev);
    }
    char buf[65536];
    struct epoll_event ready[256];
    for (;;) {
        int k = epoll_wait(ep, ready, 256, -1);
        for (int i = 0; i < k; i++) {
            if (read(ready[i].data.fd, buf, sizeof buf) <= 0) _exit(0);
        }
    }
}

int main(int argc, char **argv) {
    int members = argc > 1 ? atoi(argv[1]) : 100;
    double events_per_s = argc > 2 ? atof(argv[2]) : 200;
    double seconds = argc > 3 ? atof(argv[3]) : 10;
    int frame = argc > 4 ? atoi(argv[4]) : 120;
    int writer_cpu = argc > 5 ? atoi(argv[5]) : 0;
    int reader_cpu = argc > 6 ? atoi(argv[6]) : 1;

    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) || listen(listener, 4096)) return perror("listen"), 1;
    getsockname(listener, (struct sockaddr *)&addr, &len);

    int *client = calloc(members, sizeof(int)), *server = calloc(members, sizeof(int));
    for (int i = 0; i < members; i++) {
        client[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(client[i], (struct sockaddr *)&addr, sizeof addr)) return perror("connect"), 1;
        server[i] = accept(listener, NULL, NULL);
        int one = 1;
        setsockopt(server[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); // as every server under test does
    }

    pid_t reader = fork();
    if (reader == 0) {
        pin(reader_cpu);
        drain_forever(client, members);
    }
    pin(writer_cpu);

    char *payload = malloc(frame);
    memset(payload, 'x', frame);
    double interval = 1.0 / events_per_s, start = now(), cpu0 = cpu_seconds();
    long writes = 0, events = 0;
    for (double next = start; now() - start < seconds; next += interval) {
        for (int i = 0; i < members; i++) {
            if (write(server[i], payload, frame) == frame) writes++;
        }
        events++;
        double wait = next + interval - now();
        if (wait > 0) {
            struct timespec ts = {(time_t)wait, (long)((wait - (time_t)wait) * 1e9)};
            nanosleep(&ts, NULL);
        }
    }
    double cpu = cpu_seconds() - cpu0, wall = now() - start;
    kill(reader, SIGTERM);
    waitpid(reader, NULL, 0);
    printf("{\"members\":%d,\"events_per_s\":%.0f,\"deliveries_per_s\":%.0f,\"frame_bytes\":%d,"
           "\"writer_cpu_pct\":%.1f,\"cpu_us_per_write\":%.2f}\n",
           members, events / wall, writes / wall, frame, 100 * cpu / wall, 1e6 * cpu / writes);
    return 0;
}
