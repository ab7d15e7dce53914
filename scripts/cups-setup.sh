#!/bin/sh
# Idempotent CUPS set-up for the badge printing tests (and for a demo kiosk without a printer):
# starts cupsd if it is not running (no systemd needed) and adds the "arrivals-pdf" queue, a
# cups-pdf virtual printer whose output lands in $HOME/PDF/ (see /etc/cups/cups-pdf.conf).
# Usage: sh scripts/cups-setup.sh        (needs root: cupsd and lpadmin; exits 0 when ready)
set -eu
queue=${ARRIVALS_CUPS_QUEUE:-arrivals-pdf}
ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd

for tool in cupsd lpadmin lpstat; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || { echo "cups-setup: $tool not found; install cups and printer-driver-cups-pdf" >&2; exit 1; }
done
[ -f "$ppd" ] || { echo "cups-setup: $ppd not found; install printer-driver-cups-pdf" >&2; exit 1; }
PATH="$PATH:/usr/sbin"

if ! lpstat -r 2>/dev/null | grep -q "is running"; then
  cupsd  # daemonises itself
  for _ in $(seq 1 50); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.2; done
  lpstat -r 2>/dev/null | grep -q "is running" || { echo "cups-setup: cupsd did not start" >&2; exit 1; }
fi

if ! lpstat -p "$queue" >/dev/null 2>&1; then
  lpadmin -p "$queue" -E -v cups-pdf:/ -P "$ppd"
fi
cupsenable "$queue" 2>/dev/null || true
cupsaccept "$queue" 2>/dev/null || true
echo "cups-setup: queue $queue ready (output: \$HOME/PDF of the submitting user)"
