#include "core/data/real_datasets.h"

#include "core/common/embedded_files.h"
#include "core/common/error.h"
#include "core/common/text.h"

#include <charconv>
#include <cmath>
#include <string_view>

namespace bitlab {

namespace {

std::vector<std::string> digitsFeatureNames()
{
    std::vector<std::string> names;
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c)
            names.push_back("pixel_" + std::to_string(r) + "_" + std::to_string(c));
    return names;
}

std::vector<std::string> breastCancerFeatureNames()
{
    const char* measures[] = { "radius", "texture", "perimeter", "area", "smoothness",
        "compactness", "concavity", "concave points", "symmetry", "fractal dimension" };
    std::vector<std::string> names;
    for (const char* m : measures)
        names.push_back(std::string("mean ") + m);
    for (const char* m : measures)
        names.push_back(std::string(m) + " error");
    for (const char* m : measures)
        names.push_back(std::string("worst ") + m);
    return names;
}

// Splits text into lines (LF, an optional CR before it dropped); a last empty line is
// not a line.
std::vector<std::string_view> lines(std::string_view text)
{
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        out.push_back(line);
        if (end == std::string_view::npos)
            break;
        text.remove_prefix(end + 1);
    }
    return out;
}

std::vector<std::string_view> fields(std::string_view line)
{
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        out.push_back(line.substr(start, comma - start));
        if (comma == std::string_view::npos)
            return out;
        start = comma + 1;
    }
}

} // namespace

const std::vector<RealDatasetInfo>& realDatasets()
{
    static const std::vector<RealDatasetInfo> list = [] {
        std::vector<RealDatasetInfo> r;
        RealDatasetInfo digits;
        digits.name = "digits";
        digits.title = "Handwritten digits (8x8)";
        digits.description = BITLAB_TR_NOOP("bitlab::core",
            "1,797 8x8 images of handwritten digits, pixels 0..16 "
            "(UCI Optical Recognition of Handwritten Digits, test set).");
        digits.file = "digits.csv.gz";
        digits.rows = 1797;
        digits.features = 64;
        digits.classes = 10;
        digits.imageRows = 8;
        digits.imageCols = 8;
        digits.citation = "Alpaydin, E. and Kaynak, C. (1998). Optical Recognition of "
                          "Handwritten Digits. UCI Machine Learning Repository. "
                          "https://doi.org/10.24432/C50P49";
        digits.featureNames = digitsFeatureNames();
        r.push_back(digits);

        RealDatasetInfo iris;
        iris.name = "iris";
        iris.title = "Iris";
        iris.description = BITLAB_TR_NOOP("bitlab::core",
            "150 iris flowers of three species, sepal and petal length and "
            "width in cm (Fisher, 1936).");
        iris.file = "iris.csv.gz";
        iris.rows = 150;
        iris.features = 4;
        iris.classes = 3;
        iris.citation = "Fisher, R. A. (1936). Iris. UCI Machine Learning Repository. "
                        "https://doi.org/10.24432/C56C76";
        iris.featureNames
            = { "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)" };
        r.push_back(iris);

        RealDatasetInfo wine;
        wine.name = "wine";
        wine.title = "Wine";
        wine.description = BITLAB_TR_NOOP("bitlab::core",
            "178 wines of three cultivars, 13 results of a chemical "
            "analysis (features of very different scales: standardize).");
        wine.file = "wine.csv.gz";
        wine.rows = 178;
        wine.features = 13;
        wine.classes = 3;
        wine.citation = "Aeberhard, S. and Forina, M. (1991). Wine. UCI Machine Learning "
                        "Repository. https://doi.org/10.24432/C5PC7J";
        wine.featureNames = { "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium",
            "total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins",
            "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline" };
        r.push_back(wine);

        RealDatasetInfo cancer;
        cancer.name = "breast_cancer";
        cancer.title = "Breast cancer (Wisconsin diagnostic)";
        cancer.description = BITLAB_TR_NOOP("bitlab::core",
            "569 breast masses, 30 features of their cell nuclei, "
            "malignant or benign (features of very different scales: "
            "standardize).");
        cancer.file = "breast_cancer.csv.gz";
        cancer.rows = 569;
        cancer.features = 30;
        cancer.classes = 2;
        cancer.citation = "Wolberg, W., Mangasarian, O., Street, N. and Street, W. (1995). "
                          "Breast Cancer Wisconsin (Diagnostic). UCI Machine Learning "
                          "Repository. https://doi.org/10.24432/C5DW2B";
        cancer.featureNames = breastCancerFeatureNames();
        r.push_back(cancer);
        for (RealDatasetInfo& info : r)
            info.licence = "CC BY 4.0";
        return r;
    }();
    return list;
}

const RealDatasetInfo* findRealDataset(const std::string& name)
{
    for (const RealDatasetInfo& info : realDatasets())
        if (info.name == name)
            return &info;
    return nullptr;
}

Dataset loadRealDataset(const RealDatasetInfo& info)
{
    const std::string where = "builtin:" + info.name + " (embedded " + info.file + ")";
    const EmbeddedFile* file = findEmbeddedFile(info.file);
    if (!file)
        throw Error(where + ": the file is not in this build (resources/datasets/).");
    const std::string text = gunzip(file->data, file->size, where);
    const std::vector<std::string_view> all = lines(text);

    Dataset d;
    d.name = "builtin:" + info.name;
    d.featureNames = info.featureNames;
    d.targetName = "class";
    d.imageRows = info.imageRows;
    d.imageCols = info.imageCols;
    d.task = info.classes == 2 ? Task::Binary : Task::Multiclass;
    std::size_t first = 0;
    if (info.name == "digits") {
        for (int c = 0; c < info.classes; ++c)
            d.classLabels.push_back(std::to_string(c));
    } else {
        // scikit-learn's header: rows, features, then the class names.
        const std::vector<std::string_view> head
            = all.empty() ? std::vector<std::string_view> {} : fields(all[0]);
        if (head.size() != static_cast<std::size_t>(2 + info.classes)
            || head[0] != std::to_string(info.rows) || head[1] != std::to_string(info.features))
            throw Error(where + ", line 1: expected the header '" + std::to_string(info.rows) + ","
                + std::to_string(info.features) + ",<" + std::to_string(info.classes)
                + " class names>'.");
        for (std::size_t i = 2; i < head.size(); ++i)
            d.classLabels.emplace_back(head[i]);
        first = 1;
    }
    if (all.size() - first != static_cast<std::size_t>(info.rows))
        throw Error(where + ": " + std::to_string(all.size() - first) + " data lines, expected "
            + std::to_string(info.rows) + ".");

    d.x.resize(info.rows, info.features);
    d.y.resize(info.rows, 1);
    for (Index r = 0; r < info.rows; ++r) {
        const std::size_t lineIndex = first + static_cast<std::size_t>(r);
        const std::string lineName = where + ", line " + std::to_string(lineIndex + 1);
        const std::vector<std::string_view> cells = fields(all[lineIndex]);
        if (cells.size() != static_cast<std::size_t>(info.features + 1))
            throw Error(lineName + ": " + std::to_string(cells.size()) + " fields, expected "
                + std::to_string(info.features + 1) + ".");
        for (Index c = 0; c <= info.features; ++c) {
            const std::string_view cell = cells[static_cast<std::size_t>(c)];
            double v = 0;
            const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
            if (ec != std::errc() || end != cell.data() + cell.size() || cell.empty())
                throw Error(lineName + ", column " + std::to_string(c + 1) + ": '"
                    + std::string(cell) + "' is not a number.");
            if (c < info.features)
                d.x(r, c) = v;
            else if (!(v >= 0 && v < info.classes) || v != std::floor(v))
                throw Error(lineName + ": class '" + std::string(cell) + "' is not an index below "
                    + std::to_string(info.classes) + ".");
            else
                d.y(r, 0) = v;
        }
    }
    return d;
}

} // namespace bitlab
