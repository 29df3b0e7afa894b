"""The classic hold model in SimPy, written the way a SimPy user would write it.

`pending` processes each wait an exponential time with mean 1, forever; the run
stops after `events` timeouts. Prints "simpy EVENTS SECONDS EVENTS_PER_S".
usage: hold_simpy.py [events (10000000)] [pending (1000)] [seed (1)]
"""
import random
import sys
import time

import simpy


def main():
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    pending = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    env = simpy.Environment()
    done = [0]
    finished = env.event()

    def holder(env):
        while True:
            yield env.timeout(rng.expovariate(1.0))
            done[0] += 1
            if done[0] == events:
                finished.succeed()

    for _ in range(pending):
        env.process(holder(env))
    t0 = time.perf_counter()
    env.run(until=finished)
    dt = time.perf_counter() - t0
    print(f"simpy {done[0]} {dt:.6f} {done[0] / dt:.0f}")


if __name__ == "__main__":
    main()
