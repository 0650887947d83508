#!/bin/bash
# Runs inside the LocalStack container once it serves requests. It only reports: every resource
# (buckets, tables, functions, topics, alarms) belongs to the CDKTF app, which creates it on deploy.
set -euo pipefail

echo "darkroom: LocalStack is ready on port 4566 (services: ${SERVICES:-all})"
case ",${SERVICES:-}," in
  *,rekognition,*) ;;
  *) echo "darkroom: no Rekognition here (paid LocalStack only): images get no labels on this target" ;;
esac
