#include "media/image_pipeline.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <utility>

#include <vips/vips8>
#include <webp/encode.h>

#include "media/decoded_image.h"
#include "media/exif_summary.h"

namespace gloss::media {
namespace {

using vips::VError;
using vips::VImage;

// Below this long edge a budget is given up on rather than met with a
// postage stamp.
constexpr int kSmallestEdge = 64;
constexpr double kShrinkStep = 0.85;
constexpr int kQualityStep = 10;

struct SourceFormat {
  const char* loader;  // libvips class name prefix.
  const char* format;
  const char* content_type;
};

// The formats ProcessImage reads (media_runtime.cc unblocks exactly their
// loaders). HEIF files are told apart from AVIF by their compression below.
constexpr SourceFormat kSourceFormats[] = {
    {"VipsForeignLoadJpeg", "jpeg", "image/jpeg"}, {"VipsForeignLoadPng", "png", "image/png"},
    {"VipsForeignLoadWebp", "webp", "image/webp"}, {"VipsForeignLoadNsgif", "gif", "image/gif"},
    {"VipsForeignLoadTiff", "tiff", "image/tiff"}, {"VipsForeignLoadHeif", "heif", "image/heic"},
};

// The first line of a libvips error, "VipsJpeg: Premature end of input file".
std::string FirstLine(std::string_view message) {
  std::string line(message.substr(0, message.find('\n')));
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
    line.pop_back();
  }
  return line.empty() ? "unknown libvips error" : line;
}

std::string TakeBlob(VipsBlob* blob) {
  size_t length = 0;
  const void* data = vips_blob_get(blob, &length);
  std::string bytes(static_cast<const char*>(data), length);
  vips_area_unref(VIPS_AREA(blob));
  return bytes;
}

std::optional<std::string> HeaderString(const VImage& image, const char* field) {
  const GType type = vips_image_get_typeof(image.get_image(), field);
  if (type != G_TYPE_STRING && type != VIPS_TYPE_REF_STRING) {
    return std::nullopt;
  }
  const char* value = nullptr;
  if (vips_image_get_string(image.get_image(), field, &value) != 0 || value == nullptr) {
    vips_error_clear();
    return std::nullopt;
  }
  return std::string(value);
}

// The format of `source` from its first bytes, or why it is refused.
Result<SourceFormat> DetectFormat(std::span<const uint8_t> source) {
  constexpr std::string_view kRefusal =
      "not an image in a supported format (JPEG, PNG, WebP, GIF, TIFF, HEIF/AVIF)";
  const char* loader = vips_foreign_find_load_buffer(source.data(), source.size());
  if (loader == nullptr) {
    vips_error_clear();
    return Status::InvalidArgument(kRefusal);
  }
  std::string_view name = loader;
  for (const SourceFormat& format : kSourceFormats) {
    if (name.starts_with(format.loader)) {
      return format;
    }
  }
  // A format libvips knows but media_runtime.cc blocks (SVG, PDF, ...): name
  // it, "VipsForeignLoadSvgBuffer" as "svg".
  name.remove_prefix(std::min(name.size(), std::string_view("VipsForeignLoad").size()));
  name = name.substr(0, name.find("Buffer"));
  std::string kind(name);
  std::transform(kind.begin(), kind.end(), kind.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return Status::InvalidArgument(std::string(kRefusal) + "; this is " + kind);
}

// Reads the header only: format, size after orientation, EXIF summary; and
// refuses images over the pixel limit before any pixel is decoded.
Result<SourceInfo> ReadSource(std::span<const uint8_t> source, const PipelineOptions& options) {
  ASSIGN_OR_RETURN(const SourceFormat format, DetectFormat(source));
  const VImage header = VImage::new_from_buffer(
      source.data(), source.size(), "",
      VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL)->set("fail_on", VIPS_FAIL_ON_ERROR));
  const int64_t pixels = int64_t{header.width()} * header.height();
  if (pixels > options.max_pixels) {
    return Status::ResourceExhausted(
        "the image is " + std::to_string(header.width()) + " x " + std::to_string(header.height()) +
        " pixels, over the limit of " + std::to_string(options.max_pixels) + " pixels");
  }
  SourceInfo info;
  info.format = format.format;
  info.content_type = format.content_type;
  if (info.format == "heif" && HeaderString(header, "heif-compression") == "av1") {
    info.format = "avif";
    info.content_type = "image/avif";
  }
  const int orientation = vips_image_get_orientation(header.get_image());
  const bool turned = orientation >= 5 && orientation <= 8;
  info.width = turned ? header.height() : header.width();
  info.height = turned ? header.width() : header.height();
  ExifSummary exif =
      SummarizeExif([&](const char* field) { return HeaderString(header, field); }, orientation);
  info.exif = std::move(exif.fields);
  info.taken_at = std::move(exif.taken_at);
  info.has_profile = header.get_typeof(VIPS_META_ICC_NAME) != 0;
  return info;
}

// Whether libvips would carry `field` into a saved file: EXIF, XMP, IPTC,
// ICC, comments. None of it may reach the outputs.
bool IsMetadata(std::string_view field) {
  return field.starts_with("exif-") || field.starts_with("xmp-") || field.starts_with("iptc-") ||
         field.starts_with("icc-") || field.find("comment") != std::string_view::npos ||
         field == VIPS_META_ORIENTATION;
}

// Decodes `source` shrinking while it decodes where the format can, so
// fewer pixels are ever made: JPEG by its DCT scale (1/2, 1/4, 1/8, never
// below `edge`), WebP by libwebp's own scaler. Other formats decode whole.
VImage LoadShrunk(std::span<const uint8_t> source, const SourceInfo& info, int edge) {
  vips::VOption* options =
      VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL)->set("fail_on", VIPS_FAIL_ON_ERROR);
  const int long_edge = std::max(info.width, info.height);
  if (info.format == "jpeg") {
    int shrink = 1;
    while (shrink < 8 && long_edge / (shrink * 2) >= edge) {
      shrink *= 2;
    }
    options->set("shrink", shrink);
  } else if (info.format == "webp" && long_edge > edge) {
    options->set("scale", static_cast<double>(edge) / long_edge);
  }
  return VImage::new_from_buffer(source.data(), source.size(), "", options);
}

// Decodes once, shrunk to fit `edge`: upright, 8-bit sRGB (or greyscale),
// no alpha, no metadata, in memory.
VImage DecodeForOutputs(std::span<const uint8_t> source, const SourceInfo& info, int edge) {
  VImage image = LoadShrunk(source, info, edge);
  const int loaded_edge = std::max(image.width(), image.height());
  if (loaded_edge > edge) {
    // What is left after the shrink on load is a small step (at most 2x for
    // JPEG): a linear kernel, stretched to the step as libvips does, is
    // enough there and a third of lanczos3's work.
    image = image.resize(static_cast<double>(edge) / loaded_edge,
                         VImage::option()->set("kernel", VIPS_KERNEL_LINEAR));
  }
  if (info.has_profile && image.bands() >= 3) {
    // Adobe RGB, Display P3, CMYK with its profile, ...: converted to sRGB at
    // the reduced size, so the outputs need no profile. (Without a profile
    // pixels are taken as sRGB, CMYK through libvips' fallback profile.)
    image = image.icc_transform("srgb", VImage::option()->set("embedded", true));
  }
  if (image.has_alpha()) {
    image = image.flatten(VImage::option()->set("background", std::vector<double>{255, 255, 255}));
  }
  const VipsInterpretation space = image.interpretation();
  if (image.bands() == 1 || space == VIPS_INTERPRETATION_GREY16) {
    if (image.format() != VIPS_FORMAT_UCHAR || space != VIPS_INTERPRETATION_B_W) {
      image = image.colourspace(VIPS_INTERPRETATION_B_W);
    }
  } else if (image.format() != VIPS_FORMAT_UCHAR || space != VIPS_INTERPRETATION_sRGB) {
    image = image.colourspace(VIPS_INTERPRETATION_sRGB);
  }
  if (image.format() != VIPS_FORMAT_UCHAR) {
    image = image.cast(VIPS_FORMAT_UCHAR);
  }
  // Decoding was sequential; turning needs the pixels in memory.
  image = image.copy_memory();
  if (vips_image_get_orientation(image.get_image()) > 1) {
    image = image.autorot().copy_memory();
  }
  gchar** fields = vips_image_get_fields(image.get_image());
  for (gchar** field = fields; *field != nullptr; ++field) {
    if (IsMetadata(*field)) {
      vips_image_remove(image.get_image(), *field);
    }
  }
  g_strfreev(fields);
  return image;
}

// WebP through libwebp itself: libvips 8.14's webpsave writes an EXIF chunk
// even when told to strip.
std::string EncodeWebp(const VImage& image, int quality) {
  // `image` is in memory (its pixels are read directly); grey becomes RGB.
  const VImage rgb =
      image.bands() == 1 ? image.colourspace(VIPS_INTERPRETATION_sRGB).copy_memory() : image;
  const auto* pixels = static_cast<const uint8_t*>(rgb.data());
  uint8_t* output = nullptr;
  const size_t length = WebPEncodeRGB(pixels, rgb.width(), rgb.height(), rgb.width() * 3,
                                      static_cast<float>(quality), &output);
  if (length == 0) {
    throw VError("libwebp could not encode the image");
  }
  std::string bytes(reinterpret_cast<const char*>(output), length);
  WebPFree(output);
  return bytes;
}

std::string Encode(const VImage& image, int quality, OutputFormat format) {
  if (format == OutputFormat::kWebp) {
    return EncodeWebp(image, quality);
  }
  return TakeBlob(image.jpegsave_buffer(
      VImage::option()->set("Q", quality)->set("strip", true)->set("optimize_coding", false)));
}

// The largest, best encoding of `image` within `rendition`'s budget: the
// quality stepped down to the floor first, then the size at the floor.
Result<EncodedImage> EncodeWithinBudget(const VImage& image, const Rendition& rendition,
                                        int quality_floor, OutputFormat format) {
  VImage current = image;
  double scale = 1.0;
  int quality = rendition.start_quality;
  while (true) {
    std::string bytes = Encode(current, quality, format);
    if (static_cast<int64_t>(bytes.size()) <= rendition.max_bytes) {
      return EncodedImage{.bytes = std::move(bytes),
                          .width = current.width(),
                          .height = current.height(),
                          .quality = quality};
    }
    if (quality > quality_floor) {
      quality = std::max(quality - kQualityStep, quality_floor);
      continue;
    }
    scale *= kShrinkStep;
    if (std::max(image.width(), image.height()) * scale < kSmallestEdge) {
      return Status::InvalidArgument("cannot fit the image into " +
                                     std::to_string(rendition.max_bytes) + " bytes");
    }
    current = image.resize(scale).copy_memory();
  }
}

Result<ProcessedImage> Process(std::span<const uint8_t> source, const PipelineOptions& options) {
  ProcessedImage result;
  ASSIGN_OR_RETURN(result.source, ReadSource(source, options));
  const VImage decoded = DecodeForOutputs(source, result.source, options.compressed.max_edge);
  ASSIGN_OR_RETURN(result.compressed, EncodeWithinBudget(decoded, options.compressed,
                                                         options.quality_floor, options.format));
  // The thumbnail from the decoded copy, never from the source again.
  const int decoded_edge = std::max(decoded.width(), decoded.height());
  const VImage small =
      decoded_edge > options.thumbnail.max_edge
          ? decoded.resize(static_cast<double>(options.thumbnail.max_edge) / decoded_edge)
                .copy_memory()
          : decoded;
  ASSIGN_OR_RETURN(result.thumbnail, EncodeWithinBudget(small, options.thumbnail,
                                                        options.quality_floor, options.format));
  return result;
}

}  // namespace

Result<ProcessedImage> ProcessImage(std::span<const uint8_t> source,
                                    const PipelineOptions& options) {
  try {
    return Process(source, options);
  } catch (const VError& error) {
    vips_error_clear();
    return Status::InvalidArgument("cannot decode the image: " + FirstLine(error.what()));
  }
}

Result<DecodedImage> DecodePixels(std::span<const uint8_t> source, int max_edge,
                                  int64_t max_pixels) {
  try {
    PipelineOptions limits;
    limits.max_pixels = max_pixels;
    ASSIGN_OR_RETURN(const SourceInfo info, ReadSource(source, limits));
    const VImage image = DecodeForOutputs(source, info, max_edge);
    DecodedImage decoded{
        .width = image.width(), .height = image.height(), .channels = image.bands(), .pixels = {}};
    const auto* data = static_cast<const uint8_t*>(image.data());
    decoded.pixels.assign(data, data + VIPS_IMAGE_SIZEOF_IMAGE(image.get_image()));
    return decoded;
  } catch (const VError& error) {
    vips_error_clear();
    return Status::InvalidArgument("cannot decode the image: " + FirstLine(error.what()));
  }
}

}  // namespace gloss::media
