#!/bin/sh
# Stands in for a future Terraform whose -json UI has a new major version (none exists to
# run): it announces UI 2.0, then waits (at most 10 s) for the interrupt ltop must send.
case "$1" in
  version) echo '{"terraform_version":"9.0.0"}' ;;
  show) echo '{"format_version":"1.0"}' ;;
  *)
    echo '{"@level":"info","@message":"Terraform 9.0.0","@module":"terraform.ui","type":"version","terraform":"9.0.0","ui":"2.0"}'
    trap 'echo "{\"@level\":\"info\",\"@message\":\"Interrupt received.\",\"type\":\"log\"}"; exit 1' INT
    i=0
    while [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    exit 0
    ;;
esac
