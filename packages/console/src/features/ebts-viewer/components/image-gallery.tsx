import { useEffect, useRef, useState } from "react";
import { fingerName } from "../../../lib/fingers.js";
import { SELECTORS } from "../../../testing/selectors.js";
import type { ViewerImage, ViewerRecord } from "../describe-transaction.js";

function GrayCanvas({ image }: { image: Extract<ViewerImage, { kind: "gray" }> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const rgba = new ImageData(image.width, image.height);
    for (let i = 0; i < image.pixels.length; i++) {
      const value = image.pixels[i]!;
      rgba.data[i * 4] = value;
      rgba.data[i * 4 + 1] = value;
      rgba.data[i * 4 + 2] = value;
      rgba.data[i * 4 + 3] = 255;
    }
    context.putImageData(rgba, 0, 0);
  }, [image]);
  return (
    <canvas ref={canvas} width={image.width} height={image.height} data-testid={SELECTORS.decodedImage} />
  );
}

function EncodedImage({ image, label }: { image: Extract<ViewerImage, { kind: "encoded" }>; label: string }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    const objectUrl = URL.createObjectURL(
      new Blob([image.bytes as Uint8Array<ArrayBuffer>], { type: image.mime }),
    );
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [image]);
  return url ? <img src={url} alt={label} /> : null;
}

/** The file's images, decoded in the browser by @tenprint/nist (WSQ included). */
export function ImageGallery({
  records,
  images,
  decoding,
}: {
  records: readonly ViewerRecord[];
  images: ReadonlyMap<number, ViewerImage>;
  decoding: boolean;
}) {
  const withImages = records.filter((record) => record.hasImage);
  if (withImages.length === 0) return <p className="hint">This file carries no image.</p>;
  return (
    <div className="viewer-images">
      {withImages.map((record) => {
        const image = images.get(record.index);
        const label = `Record ${record.index}, Type-${record.type}${record.fingerPosition ? `, ${fingerName(record.fingerPosition)}` : ""}`;
        return (
          <figure key={record.index} className="viewer-image">
            <div className="viewer-image__frame">
              {image?.kind === "gray" ? (
                <GrayCanvas image={image} />
              ) : image?.kind === "encoded" ? (
                <EncodedImage image={image} label={label} />
              ) : image?.kind === "error" ? (
                <span className="hint">Not decoded: {image.message}</span>
              ) : (
                <span className="hint">{decoding ? "Decoding…" : "No image"}</span>
              )}
            </div>
            <figcaption>
              {label}
              {image?.kind === "gray" ? (
                <span className="hint">
                  {" "}
                  · {image.width}×{image.height} · {image.ppi} ppi · {image.compression}
                </span>
              ) : null}
            </figcaption>
          </figure>
        );
      })}
    </div>
  );
}
