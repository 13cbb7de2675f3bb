/** Small helpers shared by Skein's packages: the exception root, id generation. Depends on nothing in Skein. */
package dev.skein.internal;
