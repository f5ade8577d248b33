package chart

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// encodeRGBA writes img as an 8-bit RGB PNG when every pixel is opaque
// (charts are; others go to image/png, which un-premultiplies), every row with the Up filter (a chart's
// rows mostly repeat the row above), in one IDAT compressed by
// klauspost/compress's zlib at its fastest level. Go's image/png tries
// five filters per row and deflates at level 6: for a 900×400 chart that
// was 95 % of the time spent. This writes the same pixels (lossless) in
// about a fifth of the time, files about 15 % larger (BenchmarkEncodePNG).
func encodeRGBA(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	if !img.Opaque() {
		return (&png.Encoder{BufferPool: pool}).Encode(w, img)
	}
	const bpp, colorType = 3, 2
	e := encoders.Get().(*pngState)
	defer encoders.Put(e)
	e.idat.Reset()
	e.z.Reset(&e.idat)
	row := e.row[:0]
	if cap(row) < 1+width*bpp {
		row = make([]byte, 1+width*bpp)
	}
	row = row[:1+width*bpp]
	e.row = row
	prev := e.prev[:0]
	if cap(prev) < len(row) {
		prev = make([]byte, len(row))
	}
	prev = prev[:len(row)]
	clear(prev)
	e.prev = prev
	out := e.out[:0]
	if cap(out) < len(row) {
		out = make([]byte, len(row))
	}
	out = out[:len(row)]
	e.out = out
	for y := b.Min.Y; y < b.Max.Y; y++ {
		src := img.Pix[img.PixOffset(b.Min.X, y):][:4*width]
		d := row[1:]
		for i, j := 0, 0; i < len(src); i, j = i+4, j+3 {
			d[j], d[j+1], d[j+2] = src[i], src[i+1], src[i+2]
		}
		// Filter Up: most rows of a chart repeat the row above.
		out[0] = 2
		subBytes(out[1:], row[1:], prev[1:])
		if _, err := e.z.Write(out); err != nil {
			return err
		}
		row, prev = prev, row
	}
	e.row, e.prev = row, prev
	if err := e.z.Close(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.Write([]byte("\x89PNG\r\n\x1a\n"))
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, colorType // bit depth, colour type; compression, filter, interlace 0
	writeChunk(bw, "IHDR", ihdr[:])
	writeChunk(bw, "IDAT", e.idat.Bytes())
	writeChunk(bw, "IEND", nil)
	return bw.Flush()
}

func writeChunk(w *bufio.Writer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	w.WriteString(typ)
	w.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}

// pngState is an encoder's reusable buffers.
type pngState struct {
	idat           bytes.Buffer
	z              *zlib.Writer
	row, prev, out []byte
}

var encoders = sync.Pool{New: func() any {
	e := &pngState{}
	e.z, _ = zlib.NewWriterLevel(&e.idat, zlib.BestSpeed)
	return e
}}

// subBytes sets d[i] = a[i] - b[i] (mod 256), eight bytes at a time.
func subBytes(d, a, b []byte) {
	const h = 0x8080808080808080
	i := 0
	for ; i+8 <= len(d); i += 8 {
		x, y := binary.LittleEndian.Uint64(a[i:]), binary.LittleEndian.Uint64(b[i:])
		binary.LittleEndian.PutUint64(d[i:], ((x|h)-(y&^h))^((x^^y)&h))
	}
	for ; i < len(d); i++ {
		d[i] = a[i] - b[i]
	}
}
