#!/usr/bin/env bash
# Skein on K3s behind Traefik (K3s' own ingress controller) with sticky cookies: http://localhost/
# Run on the K3s server machine; needs docker, k3s and kubectl (K3s' kubeconfig readable, e.g.
# KUBECONFIG=/etc/rancher/k3s/k3s.yaml). Re-running it rebuilds the image and rolls the pods.
set -euo pipefail
cd "$(dirname "$0")/.."

image="skein:dev"

for tool in docker k3s kubectl; do
  command -v "$tool" >/dev/null || { echo "k3s-up: $tool is not installed" >&2; exit 1; }
done

docker build -t "$image" .
# K3s runs its own containerd: import the image there (imagePullPolicy IfNotPresent uses it)
docker save "$image" | sudo k3s ctr images import -

existed=false
kubectl -n skein get deployment/skein >/dev/null 2>&1 && existed=true
kubectl apply -k k8s/overlays/k3s
# a rebuilt image has the same tag: restart running pods so they run it
if $existed; then kubectl -n skein rollout restart deployment/skein; fi
kubectl -n skein rollout status deployment/redis --timeout=120s
kubectl -n skein rollout status deployment/skein --timeout=300s

echo "k3s-up: Skein is on http://localhost/ (through Traefik)"
