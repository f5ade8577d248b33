// Package dirsync makes a directory's entries durable after a file in it
// was created, renamed or removed: fsync of the directory on Unix. On
// Windows a directory handle cannot be flushed (FlushFileBuffers answers
// "Access denied") and NTFS journals its metadata, so Sync does nothing
// there. The outbox and the silence store use it.
package dirsync
