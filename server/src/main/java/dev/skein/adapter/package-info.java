/**
 * The seam every broadcast goes through: an {@link dev.skein.adapter.Adapter} per namespace keeps the
 * room memberships and delivers packets to the sockets they select. {@link
 * dev.skein.adapter.InMemoryAdapter} serves a single node; the cluster adapter replaces it without any
 * handler code changing. Depends on {@code protocol} only.
 */
package dev.skein.adapter;
