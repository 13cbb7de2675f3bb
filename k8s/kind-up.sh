#!/usr/bin/env bash
# Skein on a local Kind cluster behind HAProxy: http://localhost:3000/ (statistics: http://localhost:8404/).
# Needs docker, kind and kubectl. Re-running it rebuilds the image and rolls the pods.
#   k8s/kind-up.sh            create the cluster "skein" if missing, build, load, apply
#   KIND_CLUSTER=dev k8s/kind-up.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cluster="${KIND_CLUSTER:-skein}"
image="skein:dev"

for tool in docker kind kubectl; do
  command -v "$tool" >/dev/null || { echo "kind-up: $tool is not installed" >&2; exit 1; }
done

if ! kind get clusters | grep -qx "$cluster"; then
  kind create cluster --name "$cluster" --config k8s/overlays/kind/kind-cluster.yaml
fi
kubectl config use-context "kind-$cluster" >/dev/null

docker build -t "$image" .
kind load docker-image "$image" --name "$cluster"

existed=false
kubectl -n skein get deployment/skein >/dev/null 2>&1 && existed=true
kubectl apply -k k8s/overlays/kind
# a rebuilt image has the same tag: restart running pods so they run it
if $existed; then kubectl -n skein rollout restart deployment/skein; fi
kubectl -n skein rollout status deployment/redis --timeout=120s
kubectl -n skein rollout status deployment/skein --timeout=300s
kubectl -n skein rollout status deployment/haproxy --timeout=120s

echo "kind-up: Skein is on http://localhost:3000/ (HAProxy statistics: http://localhost:8404/)"
