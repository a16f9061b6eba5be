package dev.stampede.postgres.wire;

/**
 * The parameter types the wire client binds, always in binary format: a fixed width, so a statement's Bind message is
 * built once and each attempt only overwrites the values in place.
 */
public enum ParamType {
    /** {@code int4} (OID 23), four bytes big-endian. */
    INT4(23, 4),
    /** {@code int8} (OID 20), eight bytes big-endian. */
    INT8(20, 8);

    private final int oid;
    private final int width;

    ParamType(int oid, int width) {
        this.oid = oid;
        this.width = width;
    }

    /** The type's OID, as Parse declares it. */
    public int oid() { return oid; }

    /** Bytes of the binary value. */
    public int width() { return width; }
}
