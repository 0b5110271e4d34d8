package comfy

import (
	"bytes"
	"fmt"
	"testing"
)

// bigWorkflow writes a UI workflow of blocks of ten nodes: a checkpoint, a
// Reroute, a PrimitiveNode holding the prompt, two text encoders, a latent,
// a KSampler, a decoder, a SaveImage and a Note: every conversion path.
func bigWorkflow(nodes int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"version": 0.4, "nodes": [`)
	var links bytes.Buffer
	link := 0
	addLink := func(from, fromSlot, to, toSlot int, typ string) int {
		link++
		if link > 1 {
			links.WriteByte(',')
		}
		fmt.Fprintf(&links, `[%d,%d,%d,%d,%d,%q]`, link, from, fromSlot, to, toSlot, typ)
		return link
	}
	for blk := 0; blk < nodes/10; blk++ {
		id := blk*10 + 1
		model, clip, vae := addLink(id, 0, id+1, 0, "MODEL"), addLink(id, 1, id+3, 0, "CLIP"), addLink(id, 2, id+7, 1, "VAE")
		clip2 := addLink(id, 1, id+4, 0, "CLIP")
		rmodel := addLink(id+1, 0, id+6, 0, "MODEL")
		text := addLink(id+2, 0, id+3, 1, "STRING")
		pos, neg := addLink(id+3, 0, id+6, 1, "CONDITIONING"), addLink(id+4, 0, id+6, 2, "CONDITIONING")
		lat, samples, img := addLink(id+5, 0, id+6, 3, "LATENT"), addLink(id+6, 0, id+7, 0, "LATENT"), addLink(id+7, 0, id+8, 0, "IMAGE")
		if blk > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"type":"CheckpointLoaderSimple","mode":0,"outputs":[{"name":"MODEL","type":"MODEL","links":[%d]},{"name":"CLIP","type":"CLIP","links":[%d,%d]},{"name":"VAE","type":"VAE","links":[%d]}],"widgets_values":["model_%d.safetensors"]},`, id, model, clip, clip2, vae, blk%7)
		fmt.Fprintf(&b, `{"id":%d,"type":"Reroute","mode":0,"inputs":[{"name":"","type":"*","link":%d}],"outputs":[{"name":"","type":"MODEL","links":[%d]}]},`, id+1, model, rmodel)
		fmt.Fprintf(&b, `{"id":%d,"type":"PrimitiveNode","mode":0,"title":"Subject %d","outputs":[{"name":"STRING","type":"STRING","links":[%d],"widget":{"name":"text"}}],"widgets_values":["a {red|blue} house %d"]},`, id+2, blk, text, blk)
		fmt.Fprintf(&b, `{"id":%d,"type":"CLIPTextEncode","mode":0,"inputs":[{"name":"clip","type":"CLIP","link":%d},{"name":"text","type":"STRING","link":%d,"widget":{"name":"text"}}],"outputs":[{"name":"CONDITIONING","type":"CONDITIONING","links":[%d]}],"widgets_values":[""]},`, id+3, clip, text, pos)
		fmt.Fprintf(&b, `{"id":%d,"type":"CLIPTextEncode","mode":0,"inputs":[{"name":"clip","type":"CLIP","link":%d}],"outputs":[{"name":"CONDITIONING","type":"CONDITIONING","links":[%d]}],"widgets_values":["blurry %d"]},`, id+4, clip2, neg, blk)
		fmt.Fprintf(&b, `{"id":%d,"type":"EmptyLatentImage","mode":0,"outputs":[{"name":"LATENT","type":"LATENT","links":[%d]}],"widgets_values":[512,512,1]},`, id+5, lat)
		fmt.Fprintf(&b, `{"id":%d,"type":"KSampler","mode":0,"inputs":[{"name":"model","type":"MODEL","link":%d},{"name":"positive","type":"CONDITIONING","link":%d},{"name":"negative","type":"CONDITIONING","link":%d},{"name":"latent_image","type":"LATENT","link":%d}],"outputs":[{"name":"LATENT","type":"LATENT","links":[%d]}],"widgets_values":[%d,"randomize",20,7,"euler","normal",1]},`, id+6, rmodel, pos, neg, lat, samples, blk)
		fmt.Fprintf(&b, `{"id":%d,"type":"VAEDecode","mode":0,"inputs":[{"name":"samples","type":"LATENT","link":%d},{"name":"vae","type":"VAE","link":%d}],"outputs":[{"name":"IMAGE","type":"IMAGE","links":[%d]}]},`, id+7, samples, vae, img)
		fmt.Fprintf(&b, `{"id":%d,"type":"SaveImage","mode":0,"inputs":[{"name":"images","type":"IMAGE","link":%d}],"widgets_values":["out"]},`, id+8, img)
		fmt.Fprintf(&b, `{"id":%d,"type":"Note","mode":0,"widgets_values":["block %d"]}`, id+9, blk)
	}
	b.WriteString(`], "links": [`)
	b.Write(links.Bytes())
	b.WriteString("]}")
	return b.Bytes()
}

func TestBigWorkflow(t *testing.T) {
	w, err := Load(bigWorkflow(200), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// 20 blocks of 7 API nodes; one seed for all samplers; each block's
	// prompt and negative are distinct texts.
	if len(w.Nodes) != 140 {
		t.Errorf("%d API nodes, want 140", len(w.Nodes))
	}
	if in, ok := w.ComfyInputNamed("seed"); !ok || len(in.Targets) != 20 {
		t.Errorf("seed = %+v", in)
	}
	if in, ok := w.ComfyInputNamed("subject_19_prompt"); !ok || in.Default != "a red house 19" {
		t.Errorf("the last block's primitive: %+v (inputs %v)", in, inputNames(w))
	}
}

// BenchmarkLoad parses, converts, traces and resolves generated UI
// workflows; compare the ns/node of the two sizes to see that cost grows
// linearly (go test -bench Load -benchmem ./sources/comfy/).
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{10000, 20000} {
		data := bigWorkflow(n)
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Load(data, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
		})
	}
}
