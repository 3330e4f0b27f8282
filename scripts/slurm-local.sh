#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the integration test of sharded runs (npm run test:slurm).
#
#   scripts/slurm-local.sh start    install slurm-wlm + munge (Debian, apt-get) if absent, write the configuration,
#                                   start munged, slurmctld and slurmd; prints `export SLURM_CONF=...`
#   scripts/slurm-local.sh stop     stop the three daemons, each by the pid it recorded at start
#   scripts/slurm-local.sh status   sinfo and the daemons' pids
#
# Everything lives in $CEVNSFIT_SLURM_DIR (default /tmp/cevnsfit-slurm): slurm.conf, munge socket and key, state,
# logs and pid files. The node is this host with its CPU count (nproc) and memory; one partition "local".
set -euo pipefail

DIR="${CEVNSFIT_SLURM_DIR:-/tmp/cevnsfit-slurm}"
CONF="$DIR/slurm.conf"
HOST="$(hostname -s)"

need_root() {
  if [ "$(id -u)" -ne 0 ]; then echo "slurm-local.sh: installing and running the daemons needs root (run it as root or in a container)" >&2; exit 1; fi
}

install_if_absent() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null && command -v sbatch >/dev/null; then return; fi
  need_root
  echo "slurm-local.sh: installing slurm-wlm and munge with apt-get" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
}

write_config() {
  mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge" "$DIR/munge-run" "$DIR/log"
  chmod 700 "$DIR/munge"
  chmod 755 "$DIR" "$DIR/munge-run"
  if [ ! -s "$DIR/munge/munge.key" ]; then
    dd if=/dev/urandom of="$DIR/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$DIR/munge/munge.key"
  fi
  local cpus mem
  cpus="$(nproc)"
  mem="$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)"
  cat > "$CONF" <<CONF
# Written by scripts/slurm-local.sh: one node (this host), one partition.
ClusterName=cevnsfit-local
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge-run/munge.socket
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MinJobAge=300
SlurmdTimeout=60
NodeName=$HOST CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
  # slurmd reads cgroup.conf next to slurm.conf even without cgroup plugins: name the hierarchy this host mounts
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then printf 'CgroupPlugin=cgroup/v2\n' > "$DIR/cgroup.conf"; else printf 'CgroupPlugin=cgroup/v1\n' > "$DIR/cgroup.conf"; fi
}

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start() {
  install_if_absent
  need_root
  write_config
  export SLURM_CONF="$CONF"
  if ! alive "$DIR/munged.pid"; then
    munged --force --socket="$DIR/munge-run/munge.socket" --key-file="$DIR/munge/munge.key" --pid-file="$DIR/munged.pid" \
      --log-file="$DIR/log/munged.log" --seed-file="$DIR/munge/munge.seed"
  fi
  if ! alive "$DIR/slurmctld.pid"; then slurmctld -f "$CONF"; fi
  if ! alive "$DIR/slurmd.pid"; then slurmd -f "$CONF" -N "$HOST"; fi
  # wait for the node to be schedulable
  for _ in $(seq 1 60); do
    if sinfo -h -o '%t' 2>/dev/null | grep -Eq '^(idle|mix|alloc)'; then
      echo "slurm-local.sh: up (node $HOST, $(nproc) CPUs); pids munged $(cat "$DIR/munged.pid") slurmctld $(cat "$DIR/slurmctld.pid") slurmd $(cat "$DIR/slurmd.pid")" >&2
      echo "export SLURM_CONF=$CONF"
      return
    fi
    sleep 1
  done
  echo "slurm-local.sh: the node did not become idle; see $DIR/log/" >&2
  sinfo -N -l >&2 || true
  exit 1
}

stop_one() {
  local name="$1" pidfile="$2"
  if ! alive "$pidfile"; then echo "slurm-local.sh: $name not running" >&2; return; fi
  local pid
  pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 30); do
    if ! kill -0 "$pid" 2>/dev/null; then echo "slurm-local.sh: stopped $name (pid $pid)" >&2; rm -f "$pidfile"; return; fi
    sleep 0.5
  done
  echo "slurm-local.sh: $name (pid $pid) did not stop within 15 s" >&2
  return 1
}

stop() {
  stop_one slurmd "$DIR/slurmd.pid"
  stop_one slurmctld "$DIR/slurmctld.pid"
  stop_one munged "$DIR/munged.pid"
}

status() {
  export SLURM_CONF="$CONF"
  for d in munged slurmctld slurmd; do
    if alive "$DIR/$d.pid"; then echo "$d: running (pid $(cat "$DIR/$d.pid"))"; else echo "$d: stopped"; fi
  done
  sinfo 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
