import type { PGlite } from '@electric-sql/pglite';

const SEEK_END = 2;
const O_TRUNC = 512;

interface Stream {
  node: object & { mode: number };
  flags: number;
}
type Attributes = { size?: number };
interface Ops {
  llseek(stream: Stream, offset: number, whence: number): number;
  write(stream: Stream, buffer: unknown, offset: number, length: number, position: number, canOwn?: boolean): number;
  setattr(target: object, attributes: Attributes): void;
  open(stream: Stream): void;
}

/**
 * PostgreSQL asks for a relation file's size (a seek to its end) each time it plans a query or scans
 * a table: once for the table and once for each of its indexes. Over the embedded database's folder
 * every such seek is an `fstat` system call from JavaScript, about a tenth of the server's time under
 * the LRS queries. The engine is the only writer of its folder, and every change of a file's length
 * passes through the file system layer below: a write, a truncation, or an open that truncates. So
 * the size learnt by the first seek is kept per file and brought up to date by those three, and the
 * seeks after it cost no system call.
 */
export function withFileSizeCache(client: PGlite): void {
  const { FS, NODEFS } = client.Module;
  const streamOps = NODEFS.stream_ops as unknown as Ops;
  const nodeOps = NODEFS.node_ops as unknown as Pick<Ops, 'setattr'>;
  const { llseek, write, open } = streamOps;
  const setStreamAttributes = streamOps.setattr;
  const setNodeAttributes = nodeOps.setattr;
  const sizes = new WeakMap<object, number>();

  streamOps.llseek = (stream, offset, whence) => {
    if (whence !== SEEK_END || !FS.isFile(stream.node.mode)) return llseek(stream, offset, whence);
    let size = sizes.get(stream.node);
    if (size === undefined) {
      size = llseek(stream, 0, SEEK_END);
      sizes.set(stream.node, size);
    }
    return size + offset < 0 ? llseek(stream, offset, whence) : size + offset;
  };
  streamOps.write = (stream, buffer, offset, length, position, canOwn) => {
    let written: number;
    try {
      written = write(stream, buffer, offset, length, position, canOwn);
    } catch (err) {
      sizes.delete(stream.node); // part of it may have been written
      throw err;
    }
    const size = sizes.get(stream.node);
    if (typeof position !== 'number') sizes.delete(stream.node);
    else if (size !== undefined && position + written > size) sizes.set(stream.node, position + written);
    return written;
  };
  streamOps.setattr = (stream, attributes) => {
    if (attributes.size !== undefined) sizes.delete((stream as Stream).node);
    setStreamAttributes(stream, attributes);
  };
  nodeOps.setattr = (node, attributes) => {
    if (attributes.size !== undefined) sizes.delete(node);
    setNodeAttributes(node, attributes);
  };
  streamOps.open = (stream) => {
    if (stream.flags & O_TRUNC) sizes.delete(stream.node);
    open(stream);
  };
}
