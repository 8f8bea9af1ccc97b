<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GridChangeMarkers</name>
    <message>
        <source>%1 → %2 (step %3)</source>
        <translation>%1 → %2（第 %3 步）</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>post_update: round after every update, w ← Q(w − lr·step).
The stored weights are always on the grid; with nearest rounding training stalls once every |lr·step| is below half a grid step.</source>
        <translation>post_update：每次更新后舍入，w ← Q(w − lr·step)。
存储的权重始终位于量化网格上；使用最近舍入时，一旦每个 |lr·step| 都小于半个网格步长，训练就会停滞。</translation>
    </message>
    <message>
        <source>ste (quantization-aware training): keep latent full-precision weights w; forward and gradient at Q(w); the gradient updates w unchanged (straight-through estimator).</source>
        <translation>ste（量化感知训练，QAT）：保留全精度的潜在权重 w；前向传播和梯度都在 Q(w) 处计算；梯度原样更新 w（直通估计器，STE）。</translation>
    </message>
    <message>
        <source>ptq (post-training): train in full precision; the metrics are those of Q(w) at each record, Q is never fed back.</source>
        <translation>ptq（训练后量化，PTQ）：以全精度训练；每次记录时的指标取自 Q(w)，Q 从不反馈到训练中。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>experiment</source>
        <translation>实验</translation>
    </message>
</context>
<context>
    <name>WeightExplainer</name>
    <message>
        <source>code q = %1</source>
        <translation>码值 q = %1</translation>
    </message>
    <message>
        <source> (clamped to the code range)</source>
        <translation>（已截断到码值范围内）</translation>
    </message>
    <message>
        <source>scale s = %1, zero-point z = %2&lt;br&gt;</source>
        <translation>缩放因子 s = %1，零点 z = %2&lt;br&gt;</translation>
    </message>
    <message>
        <source>snaps to s·(q − z) = %1 × (%2 − %3) = %4&lt;br&gt;</source>
        <translation>对齐到 s·(q − z) = %1 × (%2 − %3) = %4&lt;br&gt;</translation>
    </message>
    <message>
        <source> (%1 grid steps)</source>
        <translation>（%1 个网格步长）</translation>
    </message>
    <message>
        <source>bias b = %1</source>
        <translation>偏置 b = %1</translation>
    </message>
    <message>
        <source>weight w = %1</source>
        <translation>权重 w = %1</translation>
    </message>
    <message>
        <source>not quantized in this run: the model uses it as it is</source>
        <translation>该运行中未量化：模型按原值使用</translation>
    </message>
    <message>
        <source>code q = round(%1 / s + z) = %2</source>
        <translation>码值 q = round(%1 / s + z) = %2</translation>
    </message>
    <message>
        <source>snaps to Q(%1) = %2&lt;br&gt;</source>
        <translation>对齐到 Q(%1) = %2&lt;br&gt;</translation>
    </message>
    <message>
        <source>rounding residual %1 − Q(%1) = %2%3</source>
        <translation>舍入残差 %1 − Q(%1) = %2%3</translation>
    </message>
    <message>
        <source>step s = %1, learned (LSQ); zero-point z = %2&lt;br&gt;</source>
        <translation>步长 s = %1，学习得到（LSQ）；零点 z = %2&lt;br&gt;</translation>
    </message>
</context>
<context>
    <name>bitlab::core</name>
    <message>
        <source>Portable kernels</source>
        <translation>可移植内核</translation>
    </message>
    <message>
        <source>Train with the baseline x86-64 kernels instead of the widest this CPU has (AVX2, AVX-512): slower, and the same bits on every machine.</source>
        <translation>使用基础 x86-64 内核训练，而不是此 CPU 支持的最宽指令集内核（AVX2、AVX-512）：速度较慢，但在每台机器上得到逐位相同的结果。</translation>
    </message>
    <message>
        <source>The classic example: x ~ U(0,1), y = 3x + 2 + noise * U(0,1) (noise 1 is the classic U(0,1) noise).</source>
        <translation>经典示例：x ~ U(0,1)，y = 3x + 2 + noise * U(0,1)（noise 为 1 时即经典的 U(0,1) 噪声）。</translation>
    </message>
    <message>
        <source>d features x ~ U(-1,1), y = w.x + b + noise * N(0,1), with w ~ U(-2,2) and b ~ U(-1,1) fixed by the seed.</source>
        <translation>d 个特征 x ~ U(-1,1)，y = w.x + b + noise * N(0,1)，其中 w ~ U(-2,2) 和 b ~ U(-1,1) 由种子确定。</translation>
    </message>
    <message>
        <source>Two interleaving half circles (sklearn make_moons), Gaussian noise of standard deviation noise added to both coordinates.</source>
        <translation>两个交错的半圆（sklearn make_moons），两个坐标上都加有标准差为 noise 的高斯噪声。</translation>
    </message>
    <message>
        <source>A circle of radius 0.5 inside one of radius 1 (sklearn make_circles, factor 0.5), Gaussian noise of standard deviation noise.</source>
        <translation>半径为 1 的圆内套一个半径为 0.5 的圆（sklearn make_circles，factor 0.5），加有标准差为 noise 的高斯噪声。</translation>
    </message>
    <message>
        <source>k Gaussian clusters (standard deviation noise) around centres ~ U(-10,10)^d fixed by the seed (sklearn make_blobs).</source>
        <translation>k 个高斯簇（标准差为 noise），簇中心 ~ U(-10,10)^d 由种子确定（sklearn make_blobs）。</translation>
    </message>
    <message>
        <source>x ~ U(-1,1)^2, label = 1 where x1*x2 &gt; 0, then Gaussian jitter of standard deviation noise.</source>
        <translation>x ~ U(-1,1)^2，当 x1*x2 &gt; 0 时标签为 1，再加上标准差为 noise 的高斯扰动。</translation>
    </message>
    <message>
        <source>k spiral arms: r = i/(m-1), theta = 2 pi c/k + 3 pi r, x = r (cos theta, sin theta) + noise * N(0,1).</source>
        <translation>k 条螺旋臂：r = i/(m-1)，theta = 2 pi c/k + 3 pi r，x = r (cos theta, sin theta) + noise * N(0,1)。</translation>
    </message>
    <message>
        <source>Linear regression: yhat = W x + b, fitted by mean squared error.</source>
        <translation>线性回归：yhat = W x + b，以均方误差拟合。</translation>
    </message>
    <message>
        <source>Logistic regression: p(y = 1 | x) = sigmoid(w . x + b), fitted by binary cross-entropy on the logit.</source>
        <translation>逻辑回归：p(y = 1 | x) = sigmoid(w . x + b)，以 logit 上的二元交叉熵拟合。</translation>
    </message>
    <message>
        <source>Softmax (multinomial logistic) regression: p(y = k | x) = softmax(W x + b)_k, fitted by cross-entropy.</source>
        <translation>Softmax（多项逻辑）回归：p(y = k | x) = softmax(W x + b)_k，以交叉熵拟合。</translation>
    </message>
    <message>
        <source>Linear support vector machine: score z = W x + b (one logit for two classes, one per class otherwise), fitted by the hinge loss max(0, 1 - t z).</source>
        <translation>线性支持向量机：得分 z = W x + b（二分类时一个 logit，否则每类一个），以合页损失 max(0, 1 - t z) 拟合。</translation>
    </message>
    <message>
        <source>Multilayer perceptron: h_{l+1} = act(W_l h_l + b_l) through the hidden layers (act = relu, tanh or sigmoid), logits from a last linear layer.</source>
        <translation>多层感知机：逐个隐藏层计算 h_{l+1} = act(W_l h_l + b_l)（act 为 relu、tanh 或 sigmoid），最后由一个线性层输出 logits。</translation>
    </message>
    <message>
        <source>Mean squared error, mean over all elements of (y - z)^2.</source>
        <translation>均方误差：对所有元素的 (y - z)^2 取平均。</translation>
    </message>
    <message>
        <source>Binary cross-entropy on the logit z, computed stably as mean(max(z,0) - z*y + log1p(exp(-|z|))).</source>
        <translation>logit z 上的二元交叉熵，以数值稳定的形式计算：mean(max(z,0) - z*y + log1p(exp(-|z|)))。</translation>
    </message>
    <message>
        <source>Softmax cross-entropy on K logits, mean(logsumexp(z) - z_y).</source>
        <translation>K 个 logits 上的 Softmax 交叉熵：mean(logsumexp(z) - z_y)。</translation>
    </message>
    <message>
        <source>Hinge loss, mean(max(0, 1 - t*z)) with t = 2y - 1 for one logit, PyTorch&apos;s MultiMarginLoss (sum over j != y of max(0, 1 - z_y + z_j) / K) for K logits.</source>
        <translation>合页损失：单个 logit 时为 mean(max(0, 1 - t*z))，t = 2y - 1；K 个 logits 时为 PyTorch 的 MultiMarginLoss（对 j != y 求和 max(0, 1 - z_y + z_j) / K）。</translation>
    </message>
    <message>
        <source>Squared hinge loss, mean(max(0, 1 - t*z)^2) for one logit, MultiMarginLoss with p = 2 for K logits.</source>
        <translation>平方合页损失：单个 logit 时为 mean(max(0, 1 - t*z)^2)，K 个 logits 时为 p = 2 的 MultiMarginLoss。</translation>
    </message>
    <message>
        <source>Full-batch gradient descent (torch.optim.SGD): v = mu*v + g; step = g + mu*v (nesterov) or v; w -= lr*step</source>
        <translation>全批量梯度下降（torch.optim.SGD）：v = mu*v + g；step = g + mu*v（nesterov）或 v；w -= lr*step</translation>
    </message>
    <message>
        <source>Mini-batch SGD (torch.optim.SGD): v = mu*v + g; step = g + mu*v (nesterov) or v; w -= lr*step</source>
        <translation>小批量随机梯度下降（torch.optim.SGD）：v = mu*v + g；step = g + mu*v（nesterov）或 v；w -= lr*step</translation>
    </message>
    <message>
        <source>Adam (torch.optim.Adam): m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; w -= lr*(m/(1-b1^t))/(sqrt(v/(1-b2^t)) + eps)</source>
        <translation>Adam（torch.optim.Adam）：m = b1*m + (1-b1)*g；v = b2*v + (1-b2)*g^2；w -= lr*(m/(1-b1^t))/(sqrt(v/(1-b2^t)) + eps)</translation>
    </message>
    <message>
        <source>AdamW (torch.optim.AdamW): w -= lr*wd*w, then the Adam step without L2</source>
        <translation>AdamW（torch.optim.AdamW）：先 w -= lr*wd*w，再执行不含 L2 的 Adam 更新</translation>
    </message>
    <message>
        <source>RMSprop (torch.optim.RMSprop): v = alpha*v + (1-alpha)*g^2; w -= lr*g/(sqrt(v) + eps)</source>
        <translation>RMSprop（torch.optim.RMSprop）：v = alpha*v + (1-alpha)*g^2；w -= lr*g/(sqrt(v) + eps)</translation>
    </message>
    <message>
        <source>Adagrad (torch.optim.Adagrad): s += g^2; w -= lr*g/(sqrt(s) + eps)</source>
        <translation>Adagrad（torch.optim.Adagrad）：s += g^2；w -= lr*g/(sqrt(s) + eps)</translation>
    </message>
    <message>
        <source>Two&apos;s-complement fixed point: bits-bit words (sign included) with frac_bits fractional bits, a fixed grid of step 2^-frac_bits.</source>
        <translation>二进制补码定点数：字长 bits 位（含符号位），其中 frac_bits 位为小数位，网格固定，步长 2^-frac_bits。</translation>
    </message>
    <message>
        <source>Uniform grid centred on 0, scaled to max|w|; narrow range (Brevitas) by default, full range (PyTorch per_tensor_symmetric) on request.</source>
        <translation>以 0 为中心的均匀网格（对称量化），按 max|w| 缩放；默认为窄范围（Brevitas），可选全范围（PyTorch per_tensor_symmetric）。</translation>
    </message>
    <message>
        <source>Asymmetric uniform grid over [min(w,0), max(w,0)] with a zero-point: PyTorch&apos;s MinMaxObserver + fake_quantize_per_tensor_affine.</source>
        <translation>覆盖 [min(w,0), max(w,0)] 的非对称均匀网格，带零点（仿射量化）：即 PyTorch 的 MinMaxObserver + fake_quantize_per_tensor_affine。</translation>
    </message>
    <message>
        <source>Logarithmic: every nonzero weight a signed power of two, 2^(bits-1)-1 exponents at and below round(log2 max|w|).</source>
        <translation>对数量化：每个非零权重都是带符号的 2 的幂，指数取 round(log2 max|w|) 及其以下的 2^(bits-1)-1 个值。</translation>
    </message>
    <message>
        <source>One bit per weight: the sign scaled by the mean magnitude (XNOR-Net).</source>
        <translation>每个权重 1 位：符号乘以平均绝对值（XNOR-Net，二值化）。</translation>
    </message>
    <message>
        <source>Three values {-alpha, 0, +alpha} (Ternary Weight Networks).</source>
        <translation>三个取值 {-alpha, 0, +alpha}（三值权重网络，TWN）。</translation>
    </message>
    <message>
        <source>The classic example: y = 3x + 2 in 8-bit fixed point</source>
        <translation>经典示例：8 位定点数下的 y = 3x + 2</translation>
    </message>
    <message>
        <source>Linear regression by full-batch gradient descent, in float64 and with the weights stored in Q4.3 fixed point. Rounding to nearest after every update stalls short of the solution; stochastic rounding and the straight-through estimator do not.</source>
        <translation>用全批量梯度下降做线性回归，分别以 float64 和 Q4.3 定点数存储权重。每次更新后做最近舍入会在到达解之前停滞；随机舍入和直通估计器（STE）则不会。</translation>
    </message>
    <message>
        <source>Two moons: a 2-16-16-1 MLP with 4 and 2-bit weights</source>
        <translation>双月数据：4 位和 2 位权重的 2-16-16-1 MLP</translation>
    </message>
    <message>
        <source>A tanh MLP learns the two-moons boundary with Adam. Quantization-aware training with 4-bit symmetric weights stays close to float64; with 2 bits the boundary coarsens and the test loss rises.</source>
        <translation>一个 tanh MLP 用 Adam 学习双月数据的决策边界。以 4 位对称权重做量化感知训练（QAT）时结果接近 float64；降到 2 位时边界变得粗糙，测试损失上升。</translation>
    </message>
    <message>
        <source>Logistic regression on two blobs</source>
        <translation>两个高斯簇上的逻辑回归</translation>
    </message>
    <message>
        <source>A single logistic unit separates two Gaussian blobs by full-batch gradient descent. Even coarse weights classify well here; the loss shows what they cost.</source>
        <translation>单个逻辑单元用全批量梯度下降分开两个高斯簇。即使权重很粗糙，这里也能分类得很好；损失曲线显示了它们的代价。</translation>
    </message>
    <message>
        <source>Softmax regression on three blobs</source>
        <translation>三个高斯簇上的 Softmax 回归</translation>
    </message>
    <message>
        <source>Multiclass logistic regression with SGD and momentum, in float64 and with 2-bit symmetric weights: one scale for the whole matrix loses more than one per class.</source>
        <translation>用带动量的 SGD 做多分类逻辑回归，分别使用 float64 和 2 位对称权重：整个矩阵共用一个缩放因子比每类一个损失更多。</translation>
    </message>
    <message>
        <source>A linear SVM on two blobs, with binary and ternary weights</source>
        <translation>两个高斯簇上的线性 SVM，使用二值和三值权重</translation>
    </message>
    <message>
        <source>Hinge loss on two Gaussian blobs by mini-batch SGD, in float64 and with binary (XNOR-Net) and ternary (TWN) weights trained through the straight-through estimator.</source>
        <translation>用小批量 SGD 在两个高斯簇上最小化合页损失，分别使用 float64 以及通过直通估计器（STE）训练的二值（XNOR-Net）和三值（TWN）权重。</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>binary</source>
        <translation>二分类</translation>
    </message>
    <message>
        <source>multiclass</source>
        <translation>多分类</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>The bit-width cliff: 8, 4, 3 and 2-bit weights on two moons</source>
        <translation>位宽悬崖：双月数据上的 8、4、3、2 位权重</translation>
    </message>
    <message>
        <source>The moons MLP with quantization-aware symmetric weights of 8, 4, 3 and 2 bits: 8 and 4 bits match float64, below 4 bits the test loss jumps.</source>
        <translation>双月 MLP 以量化感知训练（QAT）使用 8、4、3、2 位对称权重：8 位和 4 位与 float64 相当，低于 4 位时测试损失骤升。</translation>
    </message>
    <message>
        <source>Per-channel against per-tensor scales</source>
        <translation>逐通道与逐张量缩放因子对比</translation>
    </message>
    <message>
        <source>The moons MLP at 3 and 2 bits with one scale per weight matrix and with one scale per neuron (row): the few large neurons set the per-tensor scale and the others lose their weights; per-channel scales keep them.</source>
        <translation>双月 MLP 在 3 位和 2 位下，分别对每个权重矩阵用一个缩放因子、对每个神经元（行）用一个缩放因子：少数大权重神经元决定了逐张量的缩放因子，其他神经元的权重因此被抹掉；逐通道缩放因子则能保留它们。</translation>
    </message>
    <message>
        <source>Post-training quantization against quantization-aware training</source>
        <translation>训练后量化（PTQ）与量化感知训练（QAT）对比</translation>
    </message>
    <message>
        <source>The moons MLP rounded to 3 and 2-bit weights after float training (ptq) and trained through the rounding with the straight-through estimator (ste): ptq falls to chance, ste stays close to float64.</source>
        <translation>双月 MLP 在浮点训练后舍入为 3 位和 2 位权重（ptq），以及借助直通估计器穿过舍入进行训练（ste）：ptq 跌到随机猜测水平，ste 仍接近 float64。</translation>
    </message>
    <message>
        <source>Binary and ternary weights</source>
        <translation>二值与三值权重</translation>
    </message>
    <message>
        <source>The moons MLP with 1-bit (binary) and ternary weights: trained through the STE both learn the moons; applied after float training both fail, ternary less.</source>
        <translation>双月 MLP 使用 1 位（二值）和三值权重：通过 STE 训练时两者都能学会双月数据；在浮点训练后再量化时两者都失败，三值失败得轻一些。</translation>
    </message>
    <message>
        <source>Adam under rounding after every update</source>
        <translation>每次更新后舍入下的 Adam</translation>
    </message>
    <message>
        <source>The classic example with Adam (lr 0.1) instead of gradient descent: rounding to nearest after every update stalls for a while, then moves on and ends near float64.</source>
        <translation>用 Adam（lr 0.1）代替梯度下降的经典示例：每次更新后做最近舍入会停滞一段时间，随后继续前进，最终接近 float64。</translation>
    </message>
    <message>
        <source>PyTorch fake_quantize (symmetric, full range)</source>
        <translation>PyTorch fake_quantize（对称，全范围）</translation>
    </message>
    <message>
        <source>PyTorch fake_quantize (affine, quint8)</source>
        <translation>PyTorch fake_quantize（仿射，quint8）</translation>
    </message>
    <message>
        <source>Brevitas per-tensor float scale, narrow range (any bit width)</source>
        <translation>Brevitas 逐张量浮点缩放，窄范围（任意位宽）</translation>
    </message>
    <message>
        <source>Brevitas computes the max|w| scale inside the autograd graph, so some gradient can also flow through the scale; BitLab&apos;s straight-through estimator treats the scale as a constant and hands each weight its gradient unchanged. Codes never leave the narrow range (max|w| maps to the top code), so the STE mask would change nothing and is off.</source>
        <translation>Brevitas 在自动求导图中计算 max|w| 缩放因子，因此部分梯度也会流经缩放因子；BitLab 的直通估计器把缩放因子视为常数，将梯度原样传给每个权重。码值从不超出窄范围（max|w| 映射到最高码值），因此 STE 掩码不起作用，默认关闭。</translation>
    </message>
    <message>
        <source>QKeras quantized_bits (fixed point, STE)</source>
        <translation>QKeras quantized_bits（定点，STE）</translation>
    </message>
    <message>
        <source>Matches quantized_bits with alpha=None and symmetric=0 exactly (tf.round also rounds half to even). BitLab cannot express symmetric=1 (which drops the code -2^(b-1)), keep_negative=False, or alpha=&apos;auto&apos;/&apos;auto_po2&apos; (a per-channel scale fitted to the weights); for a max|w| scale use the brevitas or pytorch convention instead.</source>
        <translation>与 alpha=None、symmetric=0 的 quantized_bits 完全一致（tf.round 同样四舍六入五成双）。BitLab 无法表达 symmetric=1（去掉码值 -2^(b-1)）、keep_negative=False 或 alpha=&apos;auto&apos;/&apos;auto_po2&apos;（按权重拟合的逐通道缩放因子）；如需 max|w| 缩放因子，请改用 brevitas 或 pytorch 约定。</translation>
    </message>
    <message>
        <source>QPyTorch FixedPoint, stochastic rounding</source>
        <translation>QPyTorch FixedPoint，随机舍入</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Number of generated samples (rows).</source>
        <translation>生成的样本数（行数）。</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Standard deviation of the Gaussian noise added by the generator.</source>
        <translation>生成器所加高斯噪声的标准差。</translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation>数据种子</translation>
    </message>
    <message>
        <source>Seed of the generator: the same seed gives the same data.</source>
        <translation>生成器的随机种子：相同的种子产生相同的数据。</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>Number of classes the generator draws.</source>
        <translation>生成器生成的类别数。</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特征数</translation>
    </message>
    <message>
        <source>Number of input features the generator draws.</source>
        <translation>生成器生成的输入特征数。</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Passes over the training set (full batch: one epoch = one step).</source>
        <translation>遍历训练集的次数（全批量时一轮 = 一步）。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Seed of the initial weights, the shuffle, the test split and stochastic rounding: same seed, same numbers.</source>
        <translation>初始权重、打乱顺序、测试集划分和随机舍入所用的随机种子：相同的种子，相同的结果。</translation>
    </message>
    <message>
        <source>Record every</source>
        <translation>记录间隔</translation>
    </message>
    <message>
        <source>Record the cheap metrics every N steps (auto: about a thousand records per run).</source>
        <translation>每 N 步记录一次开销小的指标（自动：每次运行约记录一千次）。</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <source>Evaluate the exact train/test loss every N steps (auto: once per epoch; 0: only the first and last step).</source>
        <translation>每 N 步评估一次精确的训练/测试损失（自动：每轮一次；0：仅第一步和最后一步）。</translation>
    </message>
    <message>
        <source>Standardize features</source>
        <translation>特征标准化</translation>
    </message>
    <message>
        <source>z-score every feature with the training rows&apos; mean and standard deviation: x&apos; = (x − mean) / std.</source>
        <translation>用训练集各行的均值和标准差对每个特征做 z-score 标准化：x&apos; = (x − mean) / std。</translation>
    </message>
    <message>
        <source>Test fraction</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>Share of rows held out as the test set (chosen with the training seed). 0 = no test set.</source>
        <translation>留作测试集的行所占比例（由训练种子选取）。0 表示没有测试集。</translation>
    </message>
    <message>
        <source>Shuffle every epoch</source>
        <translation>每轮打乱</translation>
    </message>
    <message>
        <source>Reshuffle the training rows before every epoch; off = batches in file order.</source>
        <translation>每轮开始前重新打乱训练行；关闭时按文件顺序取批次。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Learning rate lr: the size of each update, w −= lr·step.</source>
        <translation>学习率 lr：每次更新的幅度，w −= lr·step。</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Momentum μ: v = μ·v + g; the step is v (or g + μ·v with Nesterov).</source>
        <translation>动量 μ：v = μ·v + g；更新步为 v（使用 Nesterov 时为 g + μ·v）。</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>Nesterov momentum: step = g + μ·v.</source>
        <translation>Nesterov 动量：step = g + μ·v。</translation>
    </message>
    <message>
        <source>β1</source>
        <translation>β1</translation>
    </message>
    <message>
        <source>β1: decay of the first moment, m = β1·m + (1−β1)·g.</source>
        <translation>β1：一阶矩的衰减率，m = β1·m + (1−β1)·g。</translation>
    </message>
    <message>
        <source>β2</source>
        <translation>β2</translation>
    </message>
    <message>
        <source>β2: decay of the second moment, v = β2·v + (1−β2)·g².</source>
        <translation>β2：二阶矩的衰减率，v = β2·v + (1−β2)·g²。</translation>
    </message>
    <message>
        <source>ε</source>
        <translation>ε</translation>
    </message>
    <message>
        <source>ε: added to the denominator, w −= lr·m̂/(√v̂ + ε).</source>
        <translation>ε：加到分母上的小常数，w −= lr·m̂/(√v̂ + ε)。</translation>
    </message>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>α (RMSprop): v = α·v + (1−α)·g².</source>
        <translation>α（RMSprop）：v = α·v + (1−α)·g²。</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Weight decay λ: adds λ·w to the gradient (AdamW: w −= lr·λ·w first).</source>
        <translation>权重衰减 λ：在梯度上加 λ·w（AdamW：先执行 w −= lr·λ·w）。</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Samples per update. 0 = the whole training set (plain gradient descent: one step per epoch).</source>
        <translation>每次更新使用的样本数。0 表示整个训练集（普通梯度下降：每轮一步）。</translation>
    </message>
    <message>
        <source>Step size</source>
        <translation>衰减间隔</translation>
    </message>
    <message>
        <source>step schedule: multiply lr by γ every step_size epochs.</source>
        <translation>阶梯调度：每隔 step_size 轮将 lr 乘以 γ。</translation>
    </message>
    <message>
        <source>γ</source>
        <translation>γ</translation>
    </message>
    <message>
        <source>step schedule: the factor γ.</source>
        <translation>阶梯调度：衰减因子 γ。</translation>
    </message>
    <message>
        <source>T_max</source>
        <translation>T_max</translation>
    </message>
    <message>
        <source>cosine schedule: the period T_max in epochs (0 = all epochs).</source>
        <translation>余弦调度：周期 T_max，以轮计（0 表示全部轮数）。</translation>
    </message>
    <message>
        <source>η_min</source>
        <translation>η_min</translation>
    </message>
    <message>
        <source>cosine schedule: the floor η_min of the learning rate.</source>
        <translation>余弦调度：学习率的下限 η_min。</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位宽</translation>
    </message>
    <message>
        <source>Word length in bits, sign included: 2^bits codes.</source>
        <translation>字长（位数，含符号位）：共 2^bits 个码值。</translation>
    </message>
    <message>
        <source>Fraction bits</source>
        <translation>小数位数</translation>
    </message>
    <message>
        <source>Fractional bits f of the fixed-point format.</source>
        <translation>定点格式的小数位数 f。</translation>
    </message>
    <message>
        <source>Narrow range</source>
        <translation>窄范围</translation>
    </message>
    <message>
        <source>Codes ±(2^(bits−1)−1) instead of −2^(bits−1)…2^(bits−1)−1.</source>
        <translation>码值取 ±(2^(bits−1)−1)，而不是 −2^(bits−1)…2^(bits−1)−1。</translation>
    </message>
    <message>
        <source>Quantize biases</source>
        <translation>量化偏置</translation>
    </message>
    <message>
        <source>Also put the biases on the grid (quantize_bias).</source>
        <translation>同时将偏置量化到网格上（quantize_bias）。</translation>
    </message>
    <message>
        <source>STE clip</source>
        <translation>STE 截断</translation>
    </message>
    <message>
        <source>ste only: zero the gradient where the unclamped rounded code lies outside [qmin, qmax] (PyTorch&apos;s fake-quant mask).</source>
        <translation>仅用于 ste：未截断的舍入码值落在 [qmin, qmax] 之外时，将该处梯度置零（PyTorch 伪量化的掩码）。</translation>
    </message>
    <message>
        <source>Activation bits</source>
        <translation>激活位宽</translation>
    </message>
    <message>
        <source>MLP only: fake-quantize hidden activations with an affine grid of this many bits (min/max tracked as an EMA); 0 = off.</source>
        <translation>仅用于 MLP：用该位宽的仿射网格对隐藏层激活做伪量化（min/max 以指数移动平均跟踪）；0 = 关闭。</translation>
    </message>
    <message>
        <source>A low-precision float format: fp16, bf16, FP8 (e5m2, e4m3), FP6 (e3m2, e2m3), FP4 (e2m1) or a custom E/M, with subnormals; optionally scaled to amax first.</source>
        <translation>低精度浮点格式：fp16、bf16、FP8（e5m2、e4m3）、FP6（e3m2、e2m3）、FP4（e2m1）或自定义 E/M，含次正规数；可先按 amax 缩放。</translation>
    </message>
    <message>
        <source>OCP Microscaling (MX v1.0): blocks of 32 elements along a row share a power-of-two scale 2^(floor(log2 amax) - emax); elements e4m3, e5m2, e3m2, e2m3, e2m1 or int8.</source>
        <translation>OCP 微缩放（MX v1.0）：沿行每 32 个元素组成一块，共享一个 2 的幂缩放因子 2^(floor(log2 amax) - emax)；元素格式为 e4m3、e5m2、e3m2、e2m3、e2m1 或 int8。</translation>
    </message>
    <message>
        <source>NVIDIA NVFP4: e2m1 elements in blocks of 16 with an e4m3 block scale and a per-tensor scale amax/(6*448).</source>
        <translation>NVIDIA NVFP4：e2m1 元素，每 16 个一块，带 e4m3 块缩放因子和逐张量缩放因子 amax/(6*448)。</translation>
    </message>
    <message>
        <source>Exponent bits</source>
        <translation>指数位数</translation>
    </message>
    <message>
        <source>float with format custom: exponent bits E (bias 2^(E-1)-1, IEEE-like).</source>
        <translation>float 且 format 为 custom 时：指数位数 E（偏置 2^(E-1)-1，类 IEEE）。</translation>
    </message>
    <message>
        <source>Mantissa bits</source>
        <translation>尾数位数</translation>
    </message>
    <message>
        <source>float with format custom: mantissa bits M.</source>
        <translation>float 且 format 为 custom 时：尾数位数 M。</translation>
    </message>
    <message>
        <source>Block size</source>
        <translation>块大小</translation>
    </message>
    <message>
        <source>mx and nvfp4: consecutive elements of a row that share one scale.</source>
        <translation>mx 和 nvfp4：一行中共享一个缩放因子的连续元素个数。</translation>
    </message>
    <message>
        <source>1,797 8x8 images of handwritten digits, pixels 0..16 (UCI Optical Recognition of Handwritten Digits, test set).</source>
        <translation>1,797 幅 8x8 手写数字图像，像素值 0..16（UCI 手写数字光学识别数据集，测试集）。</translation>
    </message>
    <message>
        <source>150 iris flowers of three species, sepal and petal length and width in cm (Fisher, 1936).</source>
        <translation>三个品种的 150 朵鸢尾花，花萼与花瓣的长度和宽度，单位厘米（Fisher，1936）。</translation>
    </message>
    <message>
        <source>178 wines of three cultivars, 13 results of a chemical analysis (features of very different scales: standardize).</source>
        <translation>三个品种的 178 种葡萄酒，13 项化学分析结果（特征尺度差异很大：请标准化）。</translation>
    </message>
    <message>
        <source>569 breast masses, 30 features of their cell nuclei, malignant or benign (features of very different scales: standardize).</source>
        <translation>569 个乳腺肿块，其细胞核的 30 个特征，恶性或良性（特征尺度差异很大：请标准化）。</translation>
    </message>
    <message>
        <source>Handwritten digits: a 64-32-10 MLP at 8, 4 and 2 bits</source>
        <translation>手写数字：8、4、2 位的 64-32-10 MLP</translation>
    </message>
    <message>
        <source>Real data: 1,797 handwritten 8x8 digits (UCI), a 64-32-10 MLP with Adam, in float64 and with 8-, 4- and 2-bit symmetric weights (STE). The Images tab shows the samples each run gets wrong and the first layer&apos;s weights as images.</source>
        <translation>真实数据：1,797 幅 8x8 手写数字（UCI），用 Adam 训练的 64-32-10 MLP，float64 以及 8、4、2 位对称权重（STE）。“图像”页显示各运行分错的样本，以及以图像形式显示的第一层权重。</translation>
    </message>
    <message>
        <source>Averaging</source>
        <translation>平均系数</translation>
    </message>
    <message>
        <source>moving_average observer: c in min += c*(min(x) - min), the same for max (PyTorch&apos;s averaging_constant).</source>
        <translation>moving_average 观察器：min += c*(min(x) - min) 中的 c，max 同理（PyTorch 的 averaging_constant）。</translation>
    </message>
    <message>
        <source>Percentile</source>
        <translation>百分位</translation>
    </message>
    <message>
        <source>percentile observer: the range ends at this percentile of |x| (symmetric, float) or of x on each side (affine: p and 100 - p).</source>
        <translation>percentile 观察器：范围止于 |x| 的这一百分位（symmetric、float），或 x 两侧的百分位（affine：p 与 100 - p）。</translation>
    </message>
    <message>
        <source>Calibration batches</source>
        <translation>校准批次数</translation>
    </message>
    <message>
        <source>ptq only: before each quantized evaluation the observers (and the activation ranges) start afresh and see this many training batches; 0 = the ranges tracked during training.</source>
        <translation>仅 ptq：每次量化评估前，观察器（及激活范围）重新开始并观察这么多个训练批次；0 = 使用训练中跟踪的范围。</translation>
    </message>
    <message>
        <source>Outlier weights: min/max against percentile and MSE clipping</source>
        <translation>离群权重：min/max 对比百分位和 MSE 截断</translation>
    </message>
    <message>
        <source>The digits MLP on raw pixels, where a few weights lie far out, rounded after training to 3 and 4 bits with the range from min/max, from the 99th percentile of |w| and from the MSE-optimal clip.</source>
        <translation>在原始像素上训练的手写数字 MLP，少数权重离得很远；训练后舍入到 3 位和 4 位，范围分别取自 min/max、|w| 的第 99 百分位和 MSE 最优截断。</translation>
    </message>
    <message>
        <source>BF16 weights without a master copy</source>
        <translation>没有主副本的 BF16 权重</translation>
    </message>
    <message>
        <source>The classic example (lr 0.01) with the weights stored in bfloat16 and rounded to nearest after every update: it stalls like the Q4.3 grid, later and lower. Stochastic rounding, or a float64 master copy, reaches float64&apos;s loss.</source>
        <translation>经典示例（lr 0.01），权重以 bfloat16 存储，每次更新后舍入到最近值：它像 Q4.3 网格一样停滞，只是更晚、更低。随机舍入或 float64 主副本都能达到 float64 的损失。</translation>
    </message>
    <message>
        <source>INT8, FP8 and MXFP4 on the same MLP</source>
        <translation>同一个 MLP 上的 INT8、FP8 与 MXFP4</translation>
    </message>
    <message>
        <source>The moons MLP trained in float64 and cast afterwards to INT8 and FP8 E4M3, to INT4 and FP4 E2M1 with one scale per tensor, and to MXFP4 with a scale per block of 32: at 8 bits the format does not matter, at 4 bits the scale and the grid&apos;s shape do.</source>
        <translation>用 float64 训练 moons MLP，之后转换为 INT8 和 FP8 E4M3、每个张量一个缩放因子的 INT4 和 FP4 E2M1，以及每 32 个元素一个缩放因子的 MXFP4：在 8 位时格式无关紧要，在 4 位时缩放方式和网格形状决定结果。</translation>
    </message>
    <message>
        <source>PyTorch&apos;s default weight fake-quant tracks min/max with a moving average (MovingAverageMinMaxObserver) across steps; BitLab recomputes max|w| from the current weights at every step, as a plain MinMaxObserver on one batch. The quantizer computes in float32 as PyTorch&apos;s kernel does (the scale, its inverse, w times the inverse), so the codes and the gradient mask are torch&apos;s bit for bit for the same float32 weights; training around it stays float64. When max|w| is a positive weight it lands at or near 2^(b-1) - 1/2 and usually rounds to 2^(b-1), is clamped to 2^(b-1)-1 and gets no gradient: PyTorch does the same.</source>
        <translation>PyTorch 默认的权重伪量化在各步之间用移动平均跟踪 min/max（MovingAverageMinMaxObserver）；BitLab 每一步都根据当前权重重新计算 max|w|，相当于只看一个批次的普通 MinMaxObserver。量化器像 PyTorch 的内核那样以 float32 计算（缩放因子、其倒数、w 乘以该倒数），因此对相同的 float32 权重，码值和梯度掩码与 torch 逐位一致；量化器之外的训练仍为 float64。当 max|w| 是一个正权重时，它落在 2^(b-1) - 1/2 上或其附近，通常舍入为 2^(b-1)，被截断到 2^(b-1)-1 且没有梯度：PyTorch 也是如此。</translation>
    </message>
    <message>
        <source>PyTorch uses this for activations (with a moving-average observer); BitLab applies it to weights and recomputes min/max every step. The quantizer computes in float32 as PyTorch does, so codes and mask are torch&apos;s bit for bit for the same float32 weights. The zero-point is rounded half to even and clamped into [0, 2^b-1] as PyTorch&apos;s observer does; PyTorch&apos;s reduce_range option (one bit less) has no BitLab equivalent: lower the bits instead.</source>
        <translation>PyTorch 将其用于激活（配合移动平均观察器）；BitLab 将其用于权重，并在每一步重新计算 min/max。量化器像 PyTorch 那样以 float32 计算，因此对相同的 float32 权重，码值和掩码与 torch 逐位一致。零点按四舍六入五成双舍入，并像 PyTorch 的观察器那样截断到 [0, 2^b-1]；PyTorch 的 reduce_range 选项（少用一位）在 BitLab 中没有对应项：请直接降低位宽。</translation>
    </message>
    <message>
        <source>Same grid and the same floor(x + u) rule, but QPyTorch draws u from torch.rand (unseeded per call) while BitLab uses its seeded per-run stream, so single runs do not match number for number. QPyTorch can also quantize gradients and momentum (BitLab: gradient_quantizer, state_quantizer) and keep a low-precision accumulator (BitLab: no equivalent). Its &apos;nearest&apos; mode is floor(x + 1/2) (ties go up), BitLab&apos;s nearest rounds ties to even.</source>
        <translation>网格相同，floor(x + u) 规则也相同，但 QPyTorch 从 torch.rand 抽取 u（每次调用不设种子），而 BitLab 使用每个运行各自设定种子的随机流，因此单次运行的数值不会逐个一致。QPyTorch 还能量化梯度和动量（BitLab：gradient_quantizer、state_quantizer），并保留低精度累加器（BitLab 无对应功能）。它的 &apos;nearest&apos; 模式是 floor(x + 1/2)（平局向上），BitLab 的 nearest 则是四舍六入五成双。</translation>
    </message>
    <message>
        <source>float32 (PyTorch)</source>
        <translation>float32（PyTorch）</translation>
    </message>
    <message>
        <source>symmetric and affine: compute the scale, its inverse, w times the inverse and w&apos; in float32, as PyTorch&apos;s FakeQuantize does, so the codes match torch&apos;s bit for bit; the scale is at least float32 epsilon.</source>
        <translation>symmetric 和 affine：像 PyTorch 的 FakeQuantize 那样以 float32 计算缩放因子、其倒数、w 乘以倒数以及 w&apos;，使码值与 torch 逐位一致；缩放因子至少为 float32 的 epsilon。</translation>
    </message>
    <message>
        <source>Learned step sizes (LSQ) against min/max at 3 and 2 bits</source>
        <translation>学习步长（LSQ）对比 min/max：3 位和 2 位</translation>
    </message>
    <message>
        <source>The moons MLP trained through 3 and 2-bit symmetric weights, once with the step from max|w| and once with the step learned by the optimizer (LSQ).</source>
        <translation>用 3 位和 2 位对称权重训练 moons MLP：一次取 max|w| 给出的步长，一次取优化器学习的步长（LSQ）。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::BoundaryCanvas</name>
    <message>
        <source>%1 vs %2</source>
        <translation>%1 对比 %2</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>%1 boundary</source>
        <translation>%1 的边界</translation>
    </message>
    <message>
        <source>the runs disagree</source>
        <translation>两个运行分类不一致</translation>
    </message>
    <message>
        <source>decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>shade: confidence</source>
        <translation>深浅：置信度</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::BoundaryView</name>
    <message>
        <source>Side by side</source>
        <translation>并排</translation>
    </message>
    <message>
        <source>Where they disagree</source>
        <translation>分歧区域</translation>
    </message>
    <message>
        <source>Side by side: the full-precision run&apos;s decision regions beside the chosen run&apos;s.
Where they disagree: one plane with the cells the two runs classify differently hatched, and both boundaries.</source>
        <translation>并排：全精度运行的决策区域与所选运行的决策区域并排显示。
分歧区域：在同一平面上用阴影线标出两个运行分类不同的格子，并画出两条边界。</translation>
    </message>
    <message>
        <source>The run compared with full precision (right panel).</source>
        <translation>与全精度运行对比的运行（右侧面板）。</translation>
    </message>
    <message>
        <source>Data points</source>
        <translation>数据点</translation>
    </message>
    <message>
        <source>Draw the samples over the regions: training samples filled, test samples hollow, coloured by their true class.</source>
        <translation>在区域上绘制样本：训练样本为实心，测试样本为空心，颜色表示其真实类别。</translation>
    </message>
    <message>
        <source>shade = confidence of the predicted class</source>
        <translation>深浅 = 预测类别的置信度</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比运行</translation>
    </message>
    <message>
        <source>Run the experiment (F5) and the decision regions of its runs appear here, full precision beside a quantized twin.</source>
        <translation>运行实验（F5）后，各运行的决策区域会显示在这里：全精度运行与量化孪生并排。</translation>
    </message>
    <message>
        <source>The decision boundary needs a classification dataset with two features; this experiment is a regression.

Try the moons preset (File ▸ Open built-in experiment ▸ moons).</source>
        <translation>决策边界需要一个有两个特征的分类数据集；当前实验是回归任务。

试试 moons 预设（文件 ▸ 打开内置实验 ▸ moons）。</translation>
    </message>
    <message>
        <source>The decision boundary is drawn over two features, and this dataset has %1.

Try the moons preset (File ▸ Open built-in experiment ▸ moons), or a CSV with two feature columns.</source>
        <translation>决策边界在两个特征上绘制，而该数据集有 %1 个特征。

试试 moons 预设（文件 ▸ 打开内置实验 ▸ moons），或使用有两个特征列的 CSV。</translation>
    </message>
    <message>
        <source>test accuracy %1</source>
        <translation>测试准确率 %1</translation>
    </message>
    <message>
        <source>train accuracy %1</source>
        <translation>训练准确率 %1</translation>
    </message>
    <message>
        <source>grid → %1 at step %2</source>
        <translation>第 %2 步网格 → %1</translation>
    </message>
    <message>
        <source>feature 1</source>
        <translation>特征 1</translation>
    </message>
    <message>
        <source>feature 2</source>
        <translation>特征 2</translation>
    </message>
    <message>
        <source>Waiting for the first decision regions…</source>
        <translation>正在等待第一批决策区域…</translation>
    </message>
    <message>
        <source> · grid changed at step %1 (now %2)</source>
        <translation> · 网格已在第 %1 步更改（现为 %2）</translation>
    </message>
    <message>
        <source>The Boundary view has one chart.</source>
        <translation>边界视图只有一个图表。</translation>
    </message>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>Chart exported by BitLab</source>
        <translation>由 BitLab 导出的图表</translation>
    </message>
    <message>
        <source>Boundary</source>
        <translation>边界</translation>
    </message>
    <message>
        <source>The dataset cannot be loaded (the panel says why): there is nothing to draw until it is fixed.</source>
        <translation>无法加载数据集（面板中说明了原因）：修复之前没有可绘制的内容。</translation>
    </message>
    <message>
        <source>The experiment cannot run yet: %1</source>
        <translation>实验暂时无法运行：%1</translation>
    </message>
    <message>
        <source>Step %1, preview %2 × %2 while training</source>
        <translation>第 %1 步，训练中的 %2 × %2 预览</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>%1 · %2 and %3 disagree on %4 of the plane (%5 of %6 cells)</source>
        <translation>%1 · %2 与 %3 在 %4 的平面上分类不一致（%6 个格子中的 %5 个）</translation>
    </message>
    <message>
        <source>%1 · add a quantized twin to compare with</source>
        <translation>%1 · 添加一个量化孪生以进行对比</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::ChartView</name>
    <message>
        <source>Could not write %1: %2.</source>
        <translation>无法写入 %1：%2。</translation>
    </message>
    <message>
        <source>Chart exported by BitLab</source>
        <translation>由 BitLab 导出的图表</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Export as PNG…</source>
        <translation>导出为 PNG…</translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation>导出为 SVG…</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::ClassAccuracyStrip</name>
    <message>
        <source>The run whose accuracy per class the bars show; the black tick across each bar is float64&apos;s.</source>
        <translation>条形显示其各类别准确率的运行；每个条形上的黑色横线是 float64 的准确率。</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>按类别</translation>
    </message>
    <message>
        <source>test rows, newest snapshot</source>
        <translation>测试行，最新快照</translation>
    </message>
    <message>
        <source>training rows (no test split), newest snapshot</source>
        <translation>训练行（没有测试集），最新快照</translation>
    </message>
    <message>
        <source>Each class&apos;s accuracy appears with the first snapshot of the runs.</source>
        <translation>各类别的准确率在运行的第一个快照出现时显示。</translation>
    </message>
    <message>
        <source>class %1: %2 predicts %3 of its %4 rows right (%5)</source>
        <translation>类别 %1：%2 在其 %4 行中预测对 %3 行（%5）</translation>
    </message>
    <message>
        <source>%1: %2 right (%3)</source>
        <translation>%1：对 %2 行（%3）</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::ClassesView</name>
    <message>
        <source>row = true class, column = predicted; shade = share of the row</source>
        <translation>行 = 真实类别，列 = 预测类别；深浅 = 占该行的比例</translation>
    </message>
    <message>
        <source>The confusion matrix needs a classification dataset; this experiment is a regression.

Try the digits, iris or softmax presets (File ▸ Open built-in experiment).</source>
        <translation>混淆矩阵需要分类数据集；本实验是回归。

试试 digits、iris 或 softmax 预设（文件 ▸ 打开内置实验）。</translation>
    </message>
    <message>
        <source>The confusion matrices appear with the first snapshot of the runs.</source>
        <translation>各运行的第一个快照到达后即显示混淆矩阵。</translation>
    </message>
    <message>
        <source>%1: accuracy %2 on %3 %4 rows</source>
        <translation>%1：在 %3 行%4数据上的准确率 %2</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确率</translation>
    </message>
    <message>
        <source>Rows: the true class; columns: the predicted class; &quot;right&quot;: the share of the class&apos;s rows predicted right. Orange outline: a cell of %1 that differs from %2.</source>
        <translation>行：真实类别；列：预测类别；“正确率”：该类别中被预测正确的行所占比例。橙色边框：%1 中与 %2 不同的格子。</translation>
    </message>
    <message>
        <source>Rows: the true class; columns: the predicted class; &quot;right&quot;: the share of the class&apos;s rows predicted right.</source>
        <translation>行：真实类别；列：预测类别；“正确率”：该类别中被预测正确的行所占比例。</translation>
    </message>
    <message>
        <source>%1: %2 of the %3 rows of class %4 predicted as %5 (%6)</source>
        <translation>%1：类别 %4 的 %3 行中有 %2 行被预测为 %5（%6）</translation>
    </message>
    <message>
        <source>%1: %2 rows</source>
        <translation>%1：%2 行</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Confusion matrices</source>
        <translation>混淆矩阵</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::DatasetForm</name>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>
Task: %1</source>
        <translation>
任务：%1</translation>
    </message>
    <message>
        <source>A built-in generator (hover an entry for its formula) or a CSV file.</source>
        <translation>内置数据生成器（悬停在条目上可查看其公式）或 CSV 文件。</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Load a CSV file (or drop one on the window). The header is detected; the target is the last column unless you pick another.</source>
        <translation>加载 CSV 文件（或将文件拖放到窗口上）。表头会被自动识别；除非另行选择，目标为最后一列。</translation>
    </message>
    <message>
        <source>The column to predict; every other column is a feature.</source>
        <translation>要预测的列；其余各列均为特征。</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>auto: numeric targets with few distinct integer values, and text targets, are classes; other numeric targets are regression.
Pick a task to override the detection.</source>
        <translation>自动：取值为少数几个不同整数的数值目标以及文本目标视为分类；其他数值目标视为回归。
选择一个任务可覆盖自动检测结果。</translation>
    </message>
    <message>
        <source>The first rows as the loader reads them (the target last).</source>
        <translation>加载器读取到的前几行（目标列在最后）。</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>CSV: %1</source>
        <translation>CSV：%1</translation>
    </message>
    <message>
        <source>(dataset not loaded)</source>
        <translation>（数据集未加载）</translation>
    </message>
    <message>
        <source>detected: %1 · %2 rows · %3 features%4</source>
        <translation>检测：%1 · %2 行 · %3 个特征%4</translation>
    </message>
    <message>
        <source> · %1 classes</source>
        <translation> · %1 类</translation>
    </message>
    <message>
        <source>%1 (target)</source>
        <translation>%1（目标）</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled; open it again to load it.</source>
        <translation>已取消加载 %1；如需加载请重新打开。</translation>
    </message>
    <message>
        <source>, %1 missing</source>
        <translation>，缺失 %1 个</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Each row&apos;s features are the pixels of an image, row by row (dataset.image_shape): the Images tab then draws the samples and the first layer&apos;s weights as pictures.
A feature count that is a perfect square (784 = 28 × 28) suggests the shape: check to accept it, or edit the sizes.</source>
        <translation>每行的特征是一幅图像的像素，逐行排列（dataset.image_shape）：“图像”页随后把样本和第一层权重画成图片。
特征数为完全平方数（784 = 28 × 28）时会建议该形状：勾选即接受，或修改尺寸。</translation>
    </message>
    <message>
        <source>suggested by %1 features</source>
        <translation>由 %1 个特征建议</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::DatasetLoader</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Loading dataset</source>
        <translation>加载数据集</translation>
    </message>
    <message>
        <source>Loading %1: %2 of %3 MB read…</source>
        <translation>正在加载 %1：已读取 %2 / %3 MB…</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::ExperimentFiles</name>
    <message>
        <source>Unknown experiment</source>
        <translation>未知实验</translation>
    </message>
    <message>
        <source>There is no built-in experiment named “%1”. Built-in: %2.</source>
        <translation>没有名为“%1”的内置实验。内置实验：%2。</translation>
    </message>
    <message>
        <source>Cannot open the experiment</source>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot save the experiment</source>
        <translation>无法保存实验</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>已取消加载 %1。</translation>
    </message>
    <message>
        <source>Saved %1 with the original quantizers: the grid change of %2 mid-run cannot be written to an experiment file (it describes runs from step 0).</source>
        <translation>已用原始量化器保存 %1：%2 在运行中途的网格更改无法写入实验文件（实验文件描述的是从第 0 步开始的运行）。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::ExperimentPanel</name>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>No loss fits this model and task.</source>
        <translation>没有适用于该模型和任务的损失函数。</translation>
    </message>
    <message>
        <source>The dataset cannot be loaded (see above).</source>
        <translation>无法加载数据集（见上方信息）。</translation>
    </message>
    <message>
        <source>Hidden layers: write positive sizes separated by commas, e.g. 16,16.</source>
        <translation>隐藏层：请填写用逗号分隔的正整数大小，例如 16,16。</translation>
    </message>
    <message>
        <source>A number is out of range (marked red; its tooltip says the range).</source>
        <translation>有数值超出范围（已标红，其提示给出范围）。</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 KB</translation>
    </message>
    <message>
        <source>%1 parameters · about %2 to train 1 run</source>
        <translation>%1 个参数 · 训练 1 个运行约需 %2</translation>
    </message>
    <message>
        <source>%1 parameters · about %2 to train %3 runs</source>
        <translation>%1 个参数 · 训练 %3 个运行约需 %2</translation>
    </message>
    <message>
        <source>Parameters of the model for %1 features and %2 outputs, and an estimate of the memory training every run takes (weights, gradients, optimizer state and work copies per run). BitLab does not build models estimated above %3.</source>
        <translation>模型在 %1 个特征、%2 个输出下的参数个数，以及训练所有运行所需内存的估计（每个运行的权重、梯度、优化器状态和工作副本）。BitLab 不会构建估计超过 %3 的模型。</translation>
    </message>
    <message>
        <source>This model is too large for BitLab: about %1 to train its runs, past the %2 limit. Use smaller hidden layers or fewer runs.</source>
        <translation>此模型对 BitLab 来说太大：训练其运行约需 %1，超过 %2 的上限。请使用更小的隐藏层或更少的运行。</translation>
    </message>
    <message>
        <source>%1 %2 → %3</source>
        <translation>%1 %2 → %3</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>lr</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>%1 starts from its own defaults (PyTorch&apos;s): %2. Set them back if you meant to compare optimizers at the same learning rate.</source>
        <translation>%1 使用其自身的默认值（与 PyTorch 相同）：%2。如果想在相同学习率下比较优化器，请把它们改回来。</translation>
    </message>
    <message>
        <source>column %1</source>
        <translation>第 %1 列</translation>
    </message>
    <message>
        <source>Feature scales differ by a factor of %1 (standard deviation of %2: %3, of %4: %5): one learning rate cannot suit both.</source>
        <translation>各特征的尺度相差 %1 倍（%2 的标准差为 %3，%4 的为 %5）：同一个学习率无法同时适合它们。</translation>
    </message>
    <message>
        <source>The features are on a scale far from 1 (standard deviation of %1: %2): the gradients and a good learning rate will be too.</source>
        <translation>特征的尺度远离 1（%1 的标准差为 %2）：梯度和合适的学习率也会远离通常的大小。</translation>
    </message>
    <message>
        <source>&lt;a href=&quot;standardize&quot;&gt;Standardize the features&lt;/a&gt; (z-scores from the training rows).</source>
        <translation>&lt;a href=&quot;standardize&quot;&gt;标准化特征&lt;/a&gt;（用训练行计算 z 分数）。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::ExportActions</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Current chart as &amp;PNG…</source>
        <translation>当前图表导出为 &amp;PNG…</translation>
    </message>
    <message>
        <source>Current chart as &amp;SVG…</source>
        <translation>当前图表导出为 &amp;SVG…</translation>
    </message>
    <message>
        <source>&amp;All charts to a folder…</source>
        <translation>全部图表导出到文件夹(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Weights as JSON…</source>
        <translation>权重导出为 JSON(&amp;W)…</translation>
    </message>
    <message>
        <source>Weights as &amp;CSV…</source>
        <translation>权重导出为 &amp;CSV…</translation>
    </message>
    <message>
        <source>C &amp;header of quantized runs…</source>
        <translation>量化运行的 C 头文件(&amp;H)…</translation>
    </message>
    <message>
        <source>&amp;Metrics CSV…</source>
        <translation>指标 CSV(&amp;M)…</translation>
    </message>
    <message>
        <source>Su&amp;mmary JSON…</source>
        <translation>摘要 JSON(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Everything to a folder (as bitlab-cli --out)…</source>
        <translation>全部导出到文件夹（同 bitlab-cli --out）(&amp;E)…</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Export all charts to</source>
        <translation>全部图表导出到</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n file(s) to %1</source>
        <translation>
            <numerusform>已将 %n 个文件写入 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to export yet</source>
        <translation>暂无可导出的内容</translation>
    </message>
    <message>
        <source>Run the experiment first (F5): weights and metrics come from a run.</source>
        <translation>请先运行实验（F5）：权重和指标来自一次运行。</translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation>导出指标</translation>
    </message>
    <message>
        <source>Export summary</source>
        <translation>导出摘要</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::FieldEdit</name>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Enter an integer %1.</source>
        <translation>请输入整数（%1）。</translation>
    </message>
    <message>
        <source>Enter a number %1.</source>
        <translation>请输入数值（%1）。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::FileDialogs</name>
    <message>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>Experiments and data (*.json *.csv);;Experiments (*.json);;CSV files (*.csv);;All files (*)</source>
        <translation>实验和数据 (*.json *.csv);;实验 (*.json);;CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save experiment as</source>
        <translation>实验另存为</translation>
    </message>
    <message>
        <source>Experiments (*.json)</source>
        <translation>实验 (*.json)</translation>
    </message>
    <message>
        <source>Load dataset</source>
        <translation>加载数据集</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>BitLab sessions (*.bitlab-session);;All files (*)</source>
        <translation>BitLab 会话 (*.bitlab-session);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save session as</source>
        <translation>会话另存为</translation>
    </message>
    <message>
        <source>BitLab sessions (*.bitlab-session)</source>
        <translation>BitLab 会话 (*.bitlab-session)</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::FitView</name>
    <message>
        <source>Data points</source>
        <translation>数据点</translation>
    </message>
    <message>
        <source>Show the dataset&apos;s rows (filled: training, hollow: test)</source>
        <translation>显示数据集的行（实心：训练，空心：测试）</translation>
    </message>
    <message>
        <source>The dataset cannot be loaded (the panel says why): there is nothing to draw until it is fixed.</source>
        <translation>无法加载数据集（面板中说明了原因）：修复之前没有可绘制的内容。</translation>
    </message>
    <message>
        <source>The Fit tab draws a regression: the data and each run&apos;s fitted curve. This experiment is a classification: its runs are drawn on the Boundary, Classes and Images tabs.

For a fit, try the seed preset (File ▸ Open built-in experiment ▸ seed) or a CSV with a numeric target.</source>
        <translation>“拟合”标签页绘制回归：数据和每个运行的拟合曲线。本实验是分类：它的运行显示在“边界”、“类别”和“图像”标签页中。

要看拟合，请试试 seed 预设（文件 ▸ 打开内置实验 ▸ seed）或目标列为数值的 CSV。</translation>
    </message>
    <message>
        <source>The experiment cannot run yet: %1</source>
        <translation>实验暂时无法运行：%1</translation>
    </message>
    <message>
        <source>Run the experiment (F5): the data appear here with each run&apos;s fitted curve (one feature) or its predictions against the targets (more features), live while it trains.</source>
        <translation>运行实验（F5）：这里会显示数据和每个运行的拟合曲线（单个特征），或其预测值与目标值的对照（多个特征），训练时实时更新。</translation>
    </message>
    <message>
        <source>The Fit tab draws a regression: the data and each run&apos;s fitted curve. This experiment is a classification (%1 classes): its runs are drawn on the Boundary, Classes and Images tabs.

For a fit, try the seed preset (File ▸ Open built-in experiment ▸ seed) or a CSV with a numeric target.</source>
        <translation>“拟合”标签页绘制回归：数据和每个运行的拟合曲线。本实验是分类（%1 个类别）：它的运行显示在“边界”、“类别”和“图像”标签页中。

要看拟合，请试试 seed 预设（文件 ▸ 打开内置实验 ▸ seed）或目标列为数值的 CSV。</translation>
    </message>
    <message>
        <source>The fitted curves appear with the first snapshot of the runs.</source>
        <translation>拟合曲线会随运行的第一个快照出现。</translation>
    </message>
    <message>
        <source>%1 against %2: the data and each run&apos;s fit</source>
        <translation>%1 对 %2：数据和每个运行的拟合</translation>
    </message>
    <message>
        <source>Predicted against actual %1</source>
        <translation>%1 的预测值对实际值</translation>
    </message>
    <message>
        <source>R² %1 on the test rows</source>
        <translation>测试行上 R² %1</translation>
    </message>
    <message>
        <source>R² %1 on the training rows</source>
        <translation>训练行上 R² %1</translation>
    </message>
    <message>
        <source>predicted %1</source>
        <translation>预测 %1</translation>
    </message>
    <message>
        <source>actual %1</source>
        <translation>实际 %1</translation>
    </message>
    <message>
        <source>training row</source>
        <translation>训练行</translation>
    </message>
    <message>
        <source>test row</source>
        <translation>测试行</translation>
    </message>
    <message>
        <source>y = x: exact</source>
        <translation>y = x：完全准确</translation>
    </message>
    <message>
        <source>The first %1 of %2 rows are drawn.</source>
        <translation>绘制了 %2 行中的前 %1 行。</translation>
    </message>
    <message>
        <source>Above the diagonal a run predicts too high, below it too low.</source>
        <translation>对角线上方表示运行预测偏高，下方表示偏低。</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Row %1 (%2): %3 = %4, %5 = %6</source>
        <translation>第 %1 行（%2）：%3 = %4，%5 = %6</translation>
    </message>
    <message>
        <source>Row %1 (%2): actual %3 = %4</source>
        <translation>第 %1 行（%2）：实际 %3 = %4</translation>
    </message>
    <message>
        <source>%1 predicts %2</source>
        <translation>%1 预测 %2</translation>
    </message>
    <message>
        <source>At %1 = %2:</source>
        <translation>在 %1 = %2 处：</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>拟合</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::HelpActions</name>
    <message>
        <source>&amp;What am I looking at?</source>
        <translation>这是什么？(&amp;W)</translation>
    </message>
    <message>
        <source>Explain the tab on screen (F1)</source>
        <translation>解释当前显示的标签页（F1）</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>? Help</source>
        <translation>? 帮助</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Loss&lt;/b&gt;: how far each run is from the targets as it trains. One colour per run; solid: training rows, dashed: test rows. A quantized twin whose curve stays above float64&apos;s pays for its grid; one that stops falling has stalled (its updates are smaller than half a grid step).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Metric&lt;/b&gt; switches between the exact loss at evaluation steps, the noisy loss of each mini-batch and accuracy (classification). &lt;b&gt;Log scale&lt;/b&gt; shows the last digits of a converging loss; &lt;b&gt;Smoothing&lt;/b&gt; averages the noise away (TensorBoard&apos;s). Point at a curve for its value, drag to zoom, double-click to see everything.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;损失&lt;/b&gt;：训练过程中每个运行离目标有多远。每个运行一种颜色；实线：训练行，虚线：测试行。曲线一直高于 float64 的量化孪生运行在为它的网格付出代价；不再下降的运行已经停滞（它的更新小于半个网格步长）。&lt;/p&gt;&lt;p&gt;&lt;b&gt;指标&lt;/b&gt;可在评估步的精确损失、每个小批量的带噪损失和准确率（分类）之间切换。&lt;b&gt;对数坐标&lt;/b&gt;能显示收敛中损失的最后几位；&lt;b&gt;平滑&lt;/b&gt;把噪声平均掉（与 TensorBoard 相同）。指向曲线可读取数值，拖动可放大，双击可看到全部。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Fit&lt;/b&gt;: what each run predicts, in the units of the data (regression). With one feature: the data points and each run&apos;s fitted curve, float64 wide underneath; the legend gives a linear model&apos;s line, so you can read the slope and intercept each grid allows. With more features: each row&apos;s prediction against its true value; on the dashed diagonal a prediction is exact.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;拟合&lt;/b&gt;：每个运行的预测，以数据本身的单位显示（回归）。单个特征时：数据点和每个运行的拟合曲线，float64 以宽线画在下面；图例给出线性模型的直线，可读出每种网格允许的斜率和截距。多个特征时：每一行的预测值对其真实值；落在虚线对角线上的预测完全准确。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Weights&lt;/b&gt;: where the weights are and where the grid lets them be.&lt;/p&gt;&lt;p&gt;The &lt;b&gt;weight plane&lt;/b&gt; (models with two weights, such as the seed&apos;s w and b) draws the loss as a landscape, the values a quantized run can store as grid lines and each run&apos;s path; a run that rounds after every update hops from grid point to grid point and stops once its steps are under half a grid step. The &lt;b&gt;tensor strips&lt;/b&gt; show any model&apos;s weights against the levels of the grid, with a histogram per level and how often weights change level.&lt;/p&gt;&lt;p&gt;Hover a point or a dot for its value, code, scale and rounding error.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;权重&lt;/b&gt;：权重在哪里，以及网格允许它们在哪里。&lt;/p&gt;&lt;p&gt;&lt;b&gt;权重平面&lt;/b&gt;（有两个权重的模型，如 seed 的 w 和 b）把损失画成地形，把量化运行能存储的值画成网格线，并画出每个运行的路径；每次更新后都舍入的运行在网格点之间跳动，一旦步长小于半个网格步长就会停住。&lt;b&gt;张量条带&lt;/b&gt;显示任何模型的权重与网格各级的对照，带有每级一个柱的直方图，以及权重改变级别的频率。&lt;/p&gt;&lt;p&gt;悬停在点上可查看其值、码值、缩放因子和舍入误差。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Boundary&lt;/b&gt;: for classification with two features, the class each run predicts at every point of the plane (stronger colour: more confident), with the data on top (filled: training, hollow: test). Side by side: float64 and the run under &lt;b&gt;Compare with&lt;/b&gt;; &lt;b&gt;Where they disagree&lt;/b&gt; hatches the places where the quantized run decides otherwise.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;边界&lt;/b&gt;：对两个特征的分类，每个运行在平面上每一点预测的类别（颜色越深越有把握），数据点画在上面（实心：训练，空心：测试）。并排显示 float64 与&lt;b&gt;对比运行&lt;/b&gt;中选的运行；&lt;b&gt;分歧区域&lt;/b&gt;用斜线标出量化运行判断不同的地方。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Classes&lt;/b&gt;: confusion matrices of float64 and the compared run. Row: the true class, column: the predicted one; the diagonal is right. Cells where the quantized run&apos;s counts differ from float64&apos;s are outlined in orange: where its mistakes are.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;类别&lt;/b&gt;：float64 与对比运行的混淆矩阵。行：真实类别，列：预测类别；对角线为正确。量化运行的计数与 float64 不同的格子用橙色框出：那就是它出错的地方。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Images&lt;/b&gt;: for image datasets (digits), test samples with each run&apos;s prediction (orange frame: float64 and the compared run disagree), and the first layer&apos;s weights drawn as images on one colour scale, so you can see them collapse onto a few levels at low bit widths.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;图像&lt;/b&gt;：对图像数据集（digits），显示测试样本及每个运行的预测（橙色框：float64 与对比运行不一致），并把第一层权重以同一色标画成图像，可以看到低位宽时它们坍缩到少数几个级别上。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Sweep&lt;/b&gt;: the experiment trained again at every bit width of a range and for each chosen scheme, plotting the final test loss (or accuracy) against the bits; float64 is the dashed line. Where the curve leaves it is the bit-width cliff. With several seeds a band shows what is noise.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;扫描&lt;/b&gt;：在一个范围内的每个位宽、每种选定方案下重新训练实验，画出最终测试损失（或准确率）随位数的变化；float64 是虚线。曲线离开它的地方就是位宽悬崖。使用多个种子时，色带显示哪些只是噪声。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;This tab draws the runs of the experiment on the left; docs/gui.md describes each view.&lt;/p&gt;</source>
        <translation>&lt;p&gt;此标签页绘制左侧实验的各个运行；docs/gui.md 介绍了每个视图。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>F2 or double-click</source>
        <translation>F2 或双击</translation>
    </message>
    <message>
        <source>Rename the selected run (runs list)</source>
        <translation>重命名所选运行（运行列表）</translation>
    </message>
    <message>
        <source>Drag on a chart</source>
        <translation>在图表上拖动</translation>
    </message>
    <message>
        <source>Zoom into the rectangle</source>
        <translation>放大到所选矩形</translation>
    </message>
    <message>
        <source>Double-click a chart</source>
        <translation>双击图表</translation>
    </message>
    <message>
        <source>Reset the zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Right-click a chart</source>
        <translation>右键单击图表</translation>
    </message>
    <message>
        <source>Export it as PNG or SVG</source>
        <translation>导出为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>Mouse wheel over the panel</source>
        <translation>在面板上滚动鼠标滚轮</translation>
    </message>
    <message>
        <source>Scrolls; a field takes the wheel only once clicked</source>
        <translation>滚动面板；字段只有在点击后才响应滚轮</translation>
    </message>
    <message>
        <source>What am I looking at? %1</source>
        <translation>这是什么？%1</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#666&apos;&gt;F1 on any tab explains it; Help ▸ Keyboard shortcuts lists the keys.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#666&apos;&gt;在任何标签页上按 F1 都会解释它；帮助 ▸ 键盘快捷键列出所有按键。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Sensitivity&lt;/b&gt;: which tensors can take fewer bits. &lt;b&gt;Compute&lt;/b&gt; trains float64 once, then quantizes one tensor at a time at each bit width and measures how much the loss rises; the chart and the table show that increase per tensor against its bits. &lt;b&gt;Suggest&lt;/b&gt; picks bits per tensor under a budget of average bits per weight and adds that mixed-precision run to the experiment.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;敏感度&lt;/b&gt;：哪些张量可以用更少的位数。&lt;b&gt;计算&lt;/b&gt;先训练一次 float64，再每次只量化一个张量、逐个位宽测量损失上升多少；图表和表格显示每个张量的损失增加随位数的变化。&lt;b&gt;建议&lt;/b&gt;在每个权重平均位数的预算下为每个张量选择位数，并把这个混合精度运行添加到实验中。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::ImagesView</name>
    <message>
        <source>under each sample: true class ▸ float64&apos;s and the compared run&apos;s prediction</source>
        <translation>每个样本下方：真实类别 ▸ float64 与对比运行的预测</translation>
    </message>
    <message>
        <source>The images appear with the first snapshot of the runs.</source>
        <translation>各运行的第一个快照到达后即显示图像。</translation>
    </message>
    <message>
        <source>The first %1 test samples</source>
        <translation>前 %1 个测试样本</translation>
    </message>
    <message>
        <source>The first %1 training samples</source>
        <translation>前 %1 个训练样本</translation>
    </message>
    <message>
        <source>%1 wrong: %2</source>
        <translation>%1 错误：%2</translation>
    </message>
    <message>
        <source>orange frame: the two disagree</source>
        <translation>橙色边框：两者预测不同</translation>
    </message>
    <message>
        <source>%1: first-layer weights</source>
        <translation>%1：第一层权重</translation>
    </message>
    <message>
        <source>One image per unit of the first layer, its weight for each pixel: blue negative, white 0, red positive; one scale for both runs, |w| up to %1.</source>
        <translation>第一层每个单元一幅图，显示其对每个像素的权重：蓝色为负，白色为 0，红色为正；两个运行使用同一色标，|w| 最大 %1。</translation>
    </message>
    <message>
        <source>Sample %1, class %2: pixel (row %3, column %4) = %5</source>
        <translation>样本 %1，类别 %2：像素（第 %3 行，第 %4 列）= %5</translation>
    </message>
    <message>
        <source>%1, %2 unit %3, pixel (row %4, column %5): weight %6</source>
        <translation>%1，%2 单元 %3，像素（第 %4 行，第 %5 列）：权重 %6</translation>
    </message>
    <message>
        <source>latent (full-precision) weight %1</source>
        <translation>潜在（全精度）权重 %1</translation>
    </message>
    <message>
        <source>integer code %1</source>
        <translation>整数编码 %1</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Images and first-layer weights</source>
        <translation>图像与第一层权重</translation>
    </message>
    <message>
        <source>The Images tab shows image datasets: their samples with each run&apos;s predictions, and the first layer&apos;s weights as images.

Open the digits preset (File ▸ Open built-in experiment ▸ digits), choose the builtin:digits dataset, or check Images under a CSV&apos;s dataset settings (28 × 28 for MNIST&apos;s CSV).</source>
        <translation>“图像”页显示图像数据集：样本及各运行的预测，以及以图像形式显示的第一层权重。

打开 digits 预设（文件 ▸ 打开内置实验 ▸ digits），选择 builtin:digits 数据集，或在 CSV 的数据集设置中勾选“图像”（MNIST 的 CSV 为 28 × 28）。</translation>
    </message>
    <message>
        <source>%1 levels</source>
        <translation>%1 个级别</translation>
    </message>
    <message>
        <source>up to %1 levels, each unit its own scale</source>
        <translation>最多 %1 个级别，每个单元有自己的缩放</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::Language</name>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language applies the next time BitLab starts.</source>
        <translation>新语言将在下次启动 BitLab 时生效。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::LessonPanel</name>
    <message>
        <source>%1. %2</source>
        <translation>%1. %2</translation>
    </message>
    <message>
        <source>Opens the built-in experiment “%1” and its lesson text.</source>
        <translation>打开内置实验“%1”及其课程说明。</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Run this lesson</source>
        <translation>运行本课</translation>
    </message>
    <message>
        <source>Open the lesson&apos;s experiment again (discarding changes) and run it.</source>
        <translation>重新打开本课的实验（放弃修改）并运行。</translation>
    </message>
    <message>
        <source>Choose a lesson from the Lessons menu.</source>
        <translation>请从“课程”菜单中选择一课。</translation>
    </message>
    <message>
        <source>Lesson %1 of %2</source>
        <translation>第 %1 课，共 %2 课</translation>
    </message>
    <message>
        <source>Look at: the %1 tab</source>
        <translation>请看「%1」标签页</translation>
    </message>
    <message>
        <source>Show %1</source>
        <translation>显示「%1」</translation>
    </message>
    <message>
        <source>Run the comparison: %1</source>
        <translation>运行对比实验：%1</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::LossAxes</name>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::LossChart</name>
    <message>
        <source>solid: train   dashed: test</source>
        <translation>实线：训练   虚线：测试</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>batch loss</source>
        <translation>批次损失</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>%1
step %2
%3 %4</source>
        <translation>%1
第 %2 步
%3 %4</translation>
    </message>
    <message>
        <source>The Loss view has one chart.</source>
        <translation>损失视图只有一个图表。</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source> (test %1)</source>
        <translation>（测试 %1）</translation>
    </message>
    <message>
        <source>Accuracy needs a classification dataset; this experiment is a regression.</source>
        <translation>准确率需要分类数据集；当前实验是回归任务。</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>learned step / clip</source>
        <translation>学习的步长 / 截断值</translation>
    </message>
    <message>
        <source>%1 (learns nothing)</source>
        <translation>%1（不学习参数）</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n learned)</source>
        <translation>
            <numerusform>%1（学习 %n 个参数）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1
%2
step %3
value %4</source>
        <translation>%1
%2
步 %3
值 %4</translation>
    </message>
    <message>
        <source>No run learns a step size or clip: set Learn to LSQ or PACT (mode ste) in a run&apos;s quantizer.</source>
        <translation>没有运行学习步长或截断值：请在某个运行的量化器中把“学习”设为 LSQ 或 PACT（模式 ste）。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::LossControls</name>
    <message>
        <source>Loss (evaluated)</source>
        <translation>损失（评估）</translation>
    </message>
    <message>
        <source>Batch loss</source>
        <translation>批次损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Learned steps and clips</source>
        <translation>学习的步长和截断值</translation>
    </message>
    <message>
        <source>Loss (evaluated): exact loss over the whole train (solid) and test (dashed) set at the evaluation steps.
Batch loss: the mean loss of each mini-batch as it was trained (noisy; smooth it).
Accuracy: share of correctly classified samples (classification only).
Learned steps and clips: every step size (LSQ) and activation clip (PACT) the optimizer learns, one curve each (runs with Learn).</source>
        <translation>损失（评估）：在评估步上，整个训练集（实线）和测试集（虚线）上的精确损失。
批次损失：训练时每个小批量的平均损失（有噪声，可平滑）。
准确率：分类正确的样本所占比例（仅限分类任务）。
学习的步长和截断值：优化器学习的每个步长（LSQ）和激活截断值（PACT），每个一条曲线（设置了“学习”的运行）。</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Logarithmic y axis: shows the last digits of a converging loss.</source>
        <translation>对数 y 轴：可以看清收敛中损失的末几位变化。</translation>
    </message>
    <message>
        <source>Smoothing weight w (TensorBoard&apos;s debiased EMA):
last = w·last + (1−w)·v,  shown = last / (1 − w^i).
The raw curve stays faint behind the smoothed one.</source>
        <translation>平滑权重 w（TensorBoard 的去偏指数移动平均，EMA）：
last = w·last + (1−w)·v，  显示值 = last / (1 − w^i)。
原始曲线以浅色显示在平滑曲线后面。</translation>
    </message>
    <message>
        <source>Reset zoom</source>
        <translation>重置缩放</translation>
    </message>
    <message>
        <source>Show every step again (or double-click the chart). Drag a rectangle on the chart to zoom in.</source>
        <translation>重新显示所有步（或双击图表）。在图表上拖出矩形可放大。</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::LossOverlay</name>
    <message>
        <source>Lay an earlier experiment of this session over the chart: its runs dotted (train) and dash-dotted (test), in their colours.</source>
        <translation>把本次会话中较早的一次实验叠加到图表上：其各运行以点线（训练）和点划线（测试）显示，颜色与运行相同。</translation>
    </message>
    <message>
        <source>no earlier result</source>
        <translation>没有较早的结果</translation>
    </message>
    <message>
        <source> (test %1)</source>
        <translation>（测试 %1）</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::MainActions</name>
    <message>
        <source>&lt;p&gt;Kernels: &lt;b&gt;%1&lt;/b&gt;, the widest this CPU runs (an experiment&apos;s Portable kernels setting trains on the baseline ones instead: the same bits on every machine).&lt;/p&gt;</source>
        <translation>&lt;p&gt;内核：&lt;b&gt;%1&lt;/b&gt;，即此 CPU 可运行的最宽指令集（实验的“可移植内核”设置会改用基础内核：在每台机器上得到逐位相同的结果）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Run the experiment, or resume it (F5)</source>
        <translation>运行实验，或继续已暂停的实验（F5）</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause training (F6)</source>
        <translation>暂停训练（F6）</translation>
    </message>
    <message>
        <source>Step one &amp;batch</source>
        <translation>单步一个批次(&amp;B)</translation>
    </message>
    <message>
        <source>Train one mini-batch, then pause (F10)</source>
        <translation>训练一个小批量后暂停（F10）</translation>
    </message>
    <message>
        <source>Step one &amp;epoch</source>
        <translation>单步一轮(&amp;E)</translation>
    </message>
    <message>
        <source>Train to the end of the epoch, then pause (F11)</source>
        <translation>训练到本轮结束后暂停（F11）</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>End the experiment here; the results stay for export (Shift+F5)</source>
        <translation>在此结束实验；结果保留以供导出（Shift+F5）</translation>
    </message>
    <message>
        <source>Rese&amp;t</source>
        <translation>重置(&amp;T)</translation>
    </message>
    <message>
        <source>Discard the results and unlock the panel (Ctrl+R)</source>
        <translation>丢弃结果并解锁面板（Ctrl+R）</translation>
    </message>
    <message>
        <source>&amp;Open experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save experiment as…</source>
        <translation>实验另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Load &amp;dataset…</source>
        <translation>加载数据集(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;built-in experiment</source>
        <translation>打开内置实验(&amp;B)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About BitLab</source>
        <translation>关于 BitLab(&amp;A)</translation>
    </message>
    <message>
        <source>About BitLab</source>
        <translation>关于 BitLab</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source> Speed </source>
        <translation> 速度 </translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Cannot run yet: %1</source>
        <translation>暂时无法运行：%1</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>Watch: a short run plays over about %1 s, so you can follow the curves; long runs go at full speed.
Full speed: as fast as possible.
Or a fixed number of steps per second, to follow every step.</source>
        <translation>观看：短的运行在约 %1 秒内播放完，便于跟随曲线；长的运行以全速进行。
全速：尽可能快。
或固定每秒步数，以跟随每一步。</translation>
    </message>
    <message>
        <source>&lt;b&gt;BitLab %1&lt;/b&gt;&lt;p&gt;A lab for seeing what low bit-widths do to training: a full-precision run and its quantized twins, side by side.&lt;/p&gt;&lt;p&gt;Every experiment saved here re-runs headless with &lt;tt&gt;bitlab-cli run FILE.json&lt;/tt&gt;, with the same numbers.&lt;/p&gt;&lt;p&gt;Built-in real datasets, from the UCI Machine Learning Repository (CC BY 4.0), as Debian&apos;s python3-sklearn ships them:&lt;/p&gt;&lt;ul&gt;%2&lt;/ul&gt;</source>
        <translation>&lt;b&gt;BitLab %1&lt;/b&gt;&lt;p&gt;一个观察低位宽如何影响训练的实验室：全精度运行与其量化孪生并排训练。&lt;/p&gt;&lt;p&gt;在这里保存的每个实验都可以用 &lt;tt&gt;bitlab-cli run FILE.json&lt;/tt&gt; 在无界面模式下重新运行，得到完全相同的数值。&lt;/p&gt;&lt;p&gt;内置真实数据集来自 UCI 机器学习库（CC BY 4.0），与 Debian 的 python3-sklearn 软件包所附文件相同：&lt;/p&gt;&lt;ul&gt;%2&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Open sessio&amp;n…</source>
        <translation>打开会话(&amp;N)…</translation>
    </message>
    <message>
        <source>Save sess&amp;ion</source>
        <translation>保存会话(&amp;I)</translation>
    </message>
    <message>
        <source>Save the experiment with its results, curves, sweep and the session&apos;s earlier experiments in one file (Ctrl+S)</source>
        <translation>把实验连同其结果、曲线、扫描和本次会话中较早的实验保存到一个文件中（Ctrl+S）</translation>
    </message>
    <message>
        <source>Save session &amp;as…</source>
        <translation>会话另存为(&amp;A)…</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::MainWindow</name>
    <message>
        <source>BitLab</source>
        <translation>BitLab</translation>
    </message>
    <message>
        <source>Stop or reset the experiment before opening another file.</source>
        <translation>请先停止或重置实验，再打开其他文件。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::ModelForm</name>
    <message>
        <source>Model and loss</source>
        <translation>模型与损失</translation>
    </message>
    <message>
        <source>Sizes of the hidden layers, separated by commas: &quot;16,16&quot; is two layers of 16 units.</source>
        <translation>各隐藏层的大小，用逗号分隔：&quot;16,16&quot; 表示两层，每层 16 个单元。</translation>
    </message>
    <message>
        <source>Hidden activation: relu max(0,x) (He init), tanh, sigmoid 1/(1+e^−x) (Xavier init).</source>
        <translation>隐藏层激活函数：relu max(0,x)（He 初始化）、tanh、sigmoid 1/(1+e^−x)（Xavier 初始化）。</translation>
    </message>
    <message>
        <source>Bias terms</source>
        <translation>偏置项</translation>
    </message>
    <message>
        <source>Give every layer a bias b: z = W·x + b.</source>
        <translation>为每一层加上偏置 b：z = W·x + b。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>
Tasks: %1</source>
        <translation>
任务：%1</translation>
    </message>
    <message>
        <source>
Not available: the dataset&apos;s task is %1.</source>
        <translation>
不可用：数据集的任务是 %1。</translation>
    </message>
    <message>
        <source>No loss fits this model and task.</source>
        <translation>没有适用于该模型和任务的损失函数。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::OptimizerForm</name>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning-rate schedule, stepped once per epoch:
constant: lr
step: lr·γ^⌊epoch/step_size⌋ (StepLR)
cosine: η_min + (lr − η_min)·(1 + cos(π·epoch/T_max))/2</source>
        <translation>学习率调度，每轮更新一次：
constant（常数）：lr
step（阶梯）：lr·γ^⌊epoch/step_size⌋（StepLR）
cosine（余弦）：η_min + (lr − η_min)·(1 + cos(π·epoch/T_max))/2</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率调度</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::Pace</name>
    <message>
        <source>Watch (a run in about %1 s)</source>
        <translation>观看（一次运行约 %1 秒）</translation>
    </message>
    <message>
        <source>Full speed</source>
        <translation>全速</translation>
    </message>
    <message>
        <source>– steps/s</source>
        <translation>– 步/秒</translation>
    </message>
    <message>
        <source>1 step/s</source>
        <translation>1 步/秒</translation>
    </message>
    <message>
        <source>%L1 steps/s</source>
        <translation>%L1 步/秒</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::PanelUndo</name>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销(&amp;U) %1</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做(&amp;R) %1</translation>
    </message>
    <message>
        <source>add a run</source>
        <translation>添加运行</translation>
    </message>
    <message>
        <source>remove a run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>change %1</source>
        <translation>更改 %1</translation>
    </message>
    <message>
        <source>change %1 and %2 more</source>
        <translation>更改 %1 等 %2 项</translation>
    </message>
    <message>
        <source>open another experiment</source>
        <translation>打开另一个实验</translation>
    </message>
    <message>
        <source>open “%1”</source>
        <translation>打开“%1”</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::PerTensorDialog</name>
    <message>
        <source>Per-layer quantizers</source>
        <translation>逐层量化器</translation>
    </message>
    <message>
        <source>Tensor</source>
        <translation>张量</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位数</translation>
    </message>
    <message>
        <source>Observer</source>
        <translation>观察器</translation>
    </message>
    <message>
        <source>min/max (EMA)</source>
        <translation>最小/最大（EMA）</translation>
    </message>
    <message>
        <source>LSQ step</source>
        <translation>LSQ 步长</translation>
    </message>
    <message>
        <source>PACT clip</source>
        <translation>PACT 截断</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Bits of this hidden layer&apos;s output (affine grid); off keeps it in float64.</source>
        <translation>该隐藏层输出的位数（仿射网格）；关闭则保持 float64。</translation>
    </message>
    <message>
        <source>The run&apos;s own settings: %1 bits, observer %2, activations %3. Rows that differ become per_tensor entries of the run.</source>
        <translation>该运行自身的设置：%1 位，观察器 %2，激活 %3。与之不同的行会成为该运行的 per_tensor 条目。</translation>
    </message>
    <message numerus="yes">
        <source>%n bits</source>
        <translation>
            <numerusform>%n 位</numerusform>
        </translation>
    </message>
    <message>
        <source>in float64</source>
        <translation>保持 float64</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::PictureFile</name>
    <message>
        <source>Could not write %1: %2.</source>
        <translation>无法写入 %1：%2。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::PictureView</name>
    <message>
        <source>The run drawn beside the full-precision run</source>
        <translation>与全精度运行并排显示的运行</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Run the experiment (F5) and this view fills in as it trains.</source>
        <translation>运行实验（F5），本视图会随训练逐步填充。</translation>
    </message>
    <message>
        <source>The %1 view has one chart.</source>
        <translation>%1 视图只有一个图表。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::QuantizerFields</name>
    <message>
        <source>Quantize this run</source>
        <translation>量化此运行</translation>
    </message>
    <message>
        <source>Off: a full-precision (fp64) run. On: the weights go through the quantizer below.</source>
        <translation>关闭：全精度（fp64）运行。开启：权重经过下方的量化器。</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Set scheme, range, rounding, mode and STE mask as a framework does by default (docs/conventions.md). Bits are kept.</source>
        <translation>按某个框架的默认方式设置量化方案、范围、舍入、模式和 STE 掩码（见 docs/conventions.md）。位宽保持不变。</translation>
    </message>
    <message>
        <source>Word length in bits, sign included: 2^bits codes.</source>
        <translation>字长（位数，含符号位）：共 2^bits 个码值。</translation>
    </message>
    <message>
        <source>Fractional bits f of the fixed-point format Q(bits−f).f:
q = clamp(round(w·2^f), −2^(bits−1), 2^(bits−1)−1), w&apos; = q/2^f.
Grid step 2^−f, range ±2^(bits−1−f).</source>
        <translation>定点格式 Q(bits−f).f 的小数位数 f：
q = clamp(round(w·2^f), −2^(bits−1), 2^(bits−1)−1)，w&apos; = q/2^f。
网格步长 2^−f，范围 ±2^(bits−1−f)。</translation>
    </message>
    <message>
        <source>Narrow range</source>
        <translation>窄范围</translation>
    </message>
    <message>
        <source>Narrow (Brevitas): codes ±(2^(bits−1)−1), scale = amax/(2^(bits−1)−1).
Full (PyTorch per_tensor_symmetric): codes −2^(bits−1)…2^(bits−1)−1, scale = amax/((2^bits−1)/2).</source>
        <translation>窄范围（Brevitas）：码值 ±(2^(bits−1)−1)，scale = amax/(2^(bits−1)−1)。
全范围（PyTorch per_tensor_symmetric）：码值 −2^(bits−1)…2^(bits−1)−1，scale = amax/((2^bits−1)/2)。</translation>
    </message>
    <message>
        <source>custom E/M</source>
        <translation>自定义 E/M</translation>
    </message>
    <message>
        <source>The float format: sign, E exponent bits, M mantissa bits, with subnormals (docs/quantizers.md).</source>
        <translation>浮点格式：符号位、E 个指数位、M 个尾数位，含次正规数（见 docs/quantizers.md）。</translation>
    </message>
    <message>
        <source>Exponent bits E of the custom format (bias 2^(E−1)−1, IEEE-like inf and NaN).</source>
        <translation>自定义格式的指数位数 E（偏置 2^(E−1)−1，类 IEEE 的 inf 和 NaN）。</translation>
    </message>
    <message>
        <source>Mantissa bits M of the custom format.</source>
        <translation>自定义格式的尾数位数 M。</translation>
    </message>
    <message>
        <source>saturate: beyond the largest finite value, clamp to it.
format: what the format does (inf; NaN for e4m3): the run diverges.</source>
        <translation>saturate（饱和）：超过最大有限值时截断为该值。
format（按格式）：按格式本身处理（inf；e4m3 为 NaN）：运行会发散。</translation>
    </message>
    <message>
        <source>none: cast the weights as they are.
amax: divide by s = amax/max_finite (per tensor or channel) first, multiply back after.</source>
        <translation>none（不缩放）：直接转换权重。
amax：先除以 s = amax/max_finite（逐张量或逐通道），转换后再乘回。</translation>
    </message>
    <message>
        <source>MX element: e4m3, e5m2 (MXFP8), e3m2, e2m3 (MXFP6), e2m1 (MXFP4) or int8 (MXINT8).</source>
        <translation>MX 元素格式：e4m3、e5m2（MXFP8），e3m2、e2m3（MXFP6），e2m1（MXFP4）或 int8（MXINT8）。</translation>
    </message>
    <message>
        <source>Consecutive elements of a row that share one scale (MX: 32, NVFP4: 16); the last block of a row may be short.</source>
        <translation>一行中共享一个缩放因子的连续元素个数（MX：32，NVFP4：16）；每行最后一块可以较短。</translation>
    </message>
    <message>
        <source>per_tensor: one scale for the whole tensor.
per_channel: one scale per output row of a weight (a bias has one).</source>
        <translation>per_tensor（逐张量）：整个张量共用一个缩放因子。
per_channel（逐通道）：权重的每个输出行各有一个缩放因子（偏置只有一个）。</translation>
    </message>
    <message>
        <source>How the range [lo, hi] of the grid is chosen (symmetric: ±amax):
minmax: the tensor&apos;s min and max now.
moving_average: min += c·(min(w) − min), the same for max (PyTorch&apos;s MovingAverageMinMaxObserver).
percentile: the p-th percentile of |w| (affine: of w on each side).
mse: the clip k/100 of the min/max range with the least mean squared quantization error.
Values outside the range are clipped (marked in the views).</source>
        <translation>网格范围 [lo, hi] 的选取方式（symmetric：±amax）：
minmax：张量当前的最小值和最大值。
moving_average：min += c·(min(w) − min)，max 同理（PyTorch 的 MovingAverageMinMaxObserver）。
percentile：|w| 的第 p 百分位（affine：w 两侧各取）。
mse：在 min/max 范围的 k/100 截断中取量化均方误差最小者。
范围外的值被截断（在视图中标出）。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>LSQ: learned step size</source>
        <translation>LSQ：学习步长</translation>
    </message>
    <message>
        <source>PACT: learned activation clip</source>
        <translation>PACT：学习激活截断值</translation>
    </message>
    <message>
        <source>Quantizer parameters the optimizer learns (mode ste only):
LSQ (Esser et al. 2020): each weight tensor&apos;s step s (symmetric scheme), and the hidden activations&apos; with activation bits; s starts at 2·mean|w|/√Qp.
PACT (Choi et al. 2018): a clip α per hidden layer, y = clamp(a, 0, α) on the activation grid (needs activation bits; relu or sigmoid).
The learned values are curves in the Loss tab (Learned steps and clips).</source>
        <translation>由优化器学习的量化参数（仅限 ste 模式）：
LSQ（Esser 等，2020）：每个权重张量的步长 s（对称方案），设置激活位数时还有隐藏层激活的步长；s 的初值为 2·mean|w|/√Qp。
PACT（Choi 等，2018）：每个隐藏层一个截断值 α，y = clamp(a, 0, α)，在激活网格上量化（需要激活位数；relu 或 sigmoid）。
学习到的值在“损失”标签页中显示为曲线（学习的步长和截断值）。</translation>
    </message>
    <message>
        <source>nearest: round half to even.
stochastic: floor(x + u), u ~ U[0,1), seeded per run — unbiased on average, lets tiny updates through.</source>
        <translation>nearest（最近舍入）：四舍六入五成双（银行家舍入）。
stochastic（随机舍入）：floor(x + u)，u ~ U[0,1)，每个运行单独设定种子——期望上无偏，能让微小的更新生效。</translation>
    </message>
    <message>
        <source>Quantize biases</source>
        <translation>量化偏置</translation>
    </message>
    <message>
        <source>Also put the biases on the grid (quantize_bias).</source>
        <translation>同时将偏置量化到网格上（quantize_bias）。</translation>
    </message>
    <message>
        <source>STE clip</source>
        <translation>STE 截断</translation>
    </message>
    <message>
        <source>ste only: zero the gradient where the unclamped rounded code lies outside [qmin, qmax] (PyTorch&apos;s fake-quant mask).</source>
        <translation>仅用于 ste：未截断的舍入码值落在 [qmin, qmax] 之外时，将该处梯度置零（PyTorch 伪量化的掩码）。</translation>
    </message>
    <message>
        <source>float32 (PyTorch)</source>
        <translation>float32（PyTorch）</translation>
    </message>
    <message>
        <source>Compute the scale, its inverse, w times the inverse and w&apos; in float32, as PyTorch&apos;s FakeQuantize does, so the codes match torch&apos;s bit for bit (torch_float32; the PyTorch conventions turn it on).</source>
        <translation>像 PyTorch 的 FakeQuantize 那样以 float32 计算缩放因子、其倒数、w 乘以倒数以及 w&apos;，使码值与 torch 逐位一致（torch_float32；PyTorch 约定会开启它）。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>MLP only: fake-quantize hidden activations with an affine grid of this many bits (min/max tracked as an EMA).</source>
        <translation>仅用于 MLP：用该位宽的仿射网格对隐藏层激活做伪量化（min/max 以指数移动平均跟踪）。</translation>
    </message>
    <message>
        <source>gradient_quantizer: every gradient is rounded to this format before the optimizer sees it (float64: not rounded).</source>
        <translation>gradient_quantizer：每个梯度在交给优化器之前舍入到此格式（float64：不舍入）。</translation>
    </message>
    <message>
        <source>state_quantizer: the optimizer&apos;s state (momentum buffer, Adam&apos;s m and v, RMSprop&apos;s and Adagrad&apos;s accumulators) is stored rounded to this format after each update (float64: not rounded).</source>
        <translation>state_quantizer：优化器的状态（动量缓冲、Adam 的 m 和 v、RMSprop 和 Adagrad 的累加器）在每次更新后舍入到此格式存储（float64：不舍入）。</translation>
    </message>
    <message>
        <source>Convention</source>
        <translation>框架约定</translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation>量化方案</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位宽</translation>
    </message>
    <message>
        <source>Fraction bits</source>
        <translation>小数位数</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Exponent bits</source>
        <translation>指数位数</translation>
    </message>
    <message>
        <source>Mantissa bits</source>
        <translation>尾数位数</translation>
    </message>
    <message>
        <source>Overflow</source>
        <translation>溢出</translation>
    </message>
    <message>
        <source>Scaling</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Element</source>
        <translation>元素格式</translation>
    </message>
    <message>
        <source>Block size</source>
        <translation>块大小</translation>
    </message>
    <message>
        <source>Granularity</source>
        <translation>粒度</translation>
    </message>
    <message>
        <source>Observer</source>
        <translation>观察器</translation>
    </message>
    <message>
        <source>Rounding</source>
        <translation>舍入</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>Activation bits</source>
        <translation>激活位宽</translation>
    </message>
    <message>
        <source>Per-layer bits…</source>
        <translation>逐层位数…</translation>
    </message>
    <message>
        <source>Give each layer&apos;s weight and bias its own bits and observer, and each hidden activation its own bits and learning (per_tensor): a mixed-precision run.</source>
        <translation>为每一层的权重和偏置各自设定位数和观察器，为每个隐藏激活各自设定位数和学习方式（per_tensor）：即混合精度运行。</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Optimizer state</source>
        <translation>优化器状态</translation>
    </message>
    <message>
        <source>Zero the gradient where the unclamped rounded code lies outside [qmin, qmax] (PyTorch&apos;s fake-quant mask).</source>
        <translation>未截断的舍入码值落在 [qmin, qmax] 之外时，将该处梯度置零（PyTorch 伪量化的掩码）。</translation>
    </message>
    <message>
        <source>Only for mode ste (quantization-aware training).</source>
        <translation>仅用于 ste 模式（量化感知训练）。</translation>
    </message>
    <message numerus="yes">
        <source>Per-layer bits… (%n set)</source>
        <translation>
            <numerusform>逐层位数…（已设 %n 项）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bitlab::ui::QuantizerPicker</name>
    <message>
        <source>float64</source>
        <translation>float64</translation>
    </message>
    <message>
        <source>Not rounded: float64, as the full-precision run.</source>
        <translation>不舍入：float64，与全精度运行相同。</translation>
    </message>
    <message>
        <source>The MX element format (blocks of 32 share a power-of-two scale).</source>
        <translation>MX 元素格式（每 32 个元素共享一个 2 的幂缩放因子）。</translation>
    </message>
    <message>
        <source> b</source>
        <translation> 位</translation>
    </message>
    <message>
        <source>Word length in bits, sign included.</source>
        <translation>字长（位数），含符号位。</translation>
    </message>
    <message>
        <source>f </source>
        <translation>f </translation>
    </message>
    <message>
        <source>Fraction bits f: grid step 2^−f.</source>
        <translation>小数位 f：网格步长 2^−f。</translation>
    </message>
    <message>
        <source>nearest: round half to even.
stochastic: unbiased on average, from the run&apos;s own seeded stream; lets small values through.</source>
        <translation>nearest：四舍六入五成双。
stochastic：平均无偏，使用该运行自己的带种子随机流；能让小数值通过。</translation>
    </message>
    <message>
        <source>amax</source>
        <translation>amax</translation>
    </message>
    <message>
        <source>Scale each tensor by amax/max_finite before the cast and back after (as FP8 training recipes do): small values keep their precision.</source>
        <translation>转换前把每个张量除以 amax/max_finite，转换后再乘回（FP8 训练方案的做法）：小数值得以保留精度。</translation>
    </message>
    <message>
        <source>float, custom format E%1M%2 (edit it in the experiment file)</source>
        <translation>float，自定义格式 E%1M%2（请在实验文件中编辑）</translation>
    </message>
    <message>
        <source>The scheme these values are rounded to; float64 = not rounded.</source>
        <translation>这些数值舍入到的方案；float64 = 不舍入。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::RecentFiles</name>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::RunHistory</name>
    <message>
        <source>batch loss</source>
        <translation>批次损失</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>train accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>quantization error</source>
        <translation>量化误差</translation>
    </message>
    <message>
        <source>level flips</source>
        <translation>量化级跳变</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::RunsEditor</name>
    <message>
        <source>Every run trains the same model from the same initial weights on the same batches; only the quantizer differs.
Double-click a name to rename it (empty = automatic name).</source>
        <translation>每个运行都从相同的初始权重出发、在相同的批次上训练同一个模型，只有量化器不同。
双击名称可重命名（留空 = 自动命名）。</translation>
    </message>
    <message>
        <source>Add twin</source>
        <translation>添加孪生</translation>
    </message>
    <message>
        <source>Add a quantized twin of the experiment (4-bit symmetric to start).</source>
        <translation>为实验添加一个量化孪生（初始为 4 位对称量化）。</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the selected run with its quantizer settings.</source>
        <translation>复制所选运行及其量化器设置。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected run (the last run cannot be removed).</source>
        <translation>删除所选运行（最后一个运行不能删除）。</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Rename the selected run (F2).</source>
        <translation>重命名所选运行（F2）。</translation>
    </message>
    <message>
        <source>Run “%1”</source>
        <translation>运行“%1”</translation>
    </message>
    <message>
        <source>Apply to the paused run</source>
        <translation>应用到已暂停的运行</translation>
    </message>
    <message>
        <source>Change this run&apos;s grid from the current step on: its weights re-snap onto the new grid at once and training continues on it when you resume (F5).
Only the scheme, bits and fraction bits of a quantized run can change mid-run; the other settings stay as the run started.
The Loss view marks the step with a dashed line.
Save still writes the original quantizer: an experiment file describes every run from step 0.</source>
        <translation>从当前步起更改该运行的网格：其权重立即重新对齐到新网格，继续（F5）后在新网格上训练。
运行中途只能更改量化运行的量化方案、位宽和小数位数；其他设置保持运行开始时的值。
损失视图会用虚线标出这一步。
保存时仍写入原始量化器：实验文件描述的是每个运行从第 0 步开始的情况。</translation>
    </message>
    <message>
        <source>Paused: select a quantized run to change its grid.</source>
        <translation>已暂停：选择一个量化运行即可更改其网格。</translation>
    </message>
    <message>
        <source>Paused: apply to re-snap this run&apos;s weights onto the new grid.</source>
        <translation>已暂停：点击应用，将该运行的权重重新对齐到新网格上。</translation>
    </message>
    <message>
        <source>Paused: the scheme, bits and fraction bits can change from this step on.</source>
        <translation>已暂停：从这一步起可以更改量化方案、位宽和小数位数。</translation>
    </message>
    <message>
        <source>Changed at step %1; Save keeps the original.</source>
        <translation>已在第 %1 步更改；保存时保留原始设置。</translation>
    </message>
    <message>
        <source>Learn %1 is off now: %2 cannot learn it (LSQ needs a symmetric grid in mode ste with nearest rounding, PACT mode ste).</source>
        <translation>“学习 %1”现已关闭：%2 无法学习它（LSQ 需要模式 ste 下的对称网格和最近舍入，PACT 需要模式 ste）。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::RunsModel</name>
    <message>
        <source>Automatic name (rename to fix it)</source>
        <translation>自动名称（重命名可固定）</translation>
    </message>
    <message>
        <source>%1 (step %2)</source>
        <translation>%1（第 %2 步）</translation>
    </message>
    <message>
        <source>Since step %1 (changed while paused): %2
As written, and as Save writes it: %3</source>
        <translation>自第 %1 步起（暂停时更改）：%2
原始设置（保存时写入的设置）：%3</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Quantizer</source>
        <translation>量化器</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add at least one run.</source>
        <translation>请至少添加一个运行。</translation>
    </message>
    <message>
        <source>Two runs are named “%1”: rename one (double-click its name).</source>
        <translation>有两个运行都叫“%1”：请重命名其中一个（双击其名称）。</translation>
    </message>
    <message>
        <source>full precision</source>
        <translation>全精度</translation>
    </message>
    <message>
        <source>gradients %1</source>
        <translation>梯度 %1</translation>
    </message>
    <message>
        <source>state %1</source>
        <translation>状态 %1</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::SensitivityChart</name>
    <message>
        <source>Loss increase when one tensor alone is quantized</source>
        <translation>仅量化单个张量时的损失增量</translation>
    </message>
    <message>
        <source>bits of that tensor</source>
        <translation>该张量的位数</translation>
    </message>
    <message>
        <source>test loss − float64&apos;s</source>
        <translation>测试损失 − float64 的测试损失</translation>
    </message>
    <message>
        <source>train loss − float64&apos;s</source>
        <translation>训练损失 − float64 的训练损失</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::SensitivityView</name>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Train the float64 run, then quantize one tensor at a time at each bit-width (post-training, with the first quantized run&apos;s scheme and observer) and measure the loss: bitlab-cli sensitivity.</source>
        <translation>训练 float64 运行，然后在每个位宽下每次只量化一个张量（训练后量化，使用第一个量化运行的方案和观察器）并测量损失：即 bitlab-cli sensitivity。</translation>
    </message>
    <message>
        <source> bits per weight</source>
        <translation> 位/权重</translation>
    </message>
    <message>
        <source>Suggest</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Pick each tensor&apos;s bits under this average (greedy: start every tensor at the most bits; while over budget, lower the tensor whose next step down costs the least loss increase per bit saved) and add a mixed-precision run with per_tensor.</source>
        <translation>在这一平均位数之内为每个张量选择位数（贪心：所有张量从最大位数开始；只要超出预算，就降低下一级降位时每节省一位损失增量最小的那个张量），并添加一个使用 per_tensor 的混合精度运行。</translation>
    </message>
    <message>
        <source>Press Compute to measure each tensor&apos;s sensitivity.</source>
        <translation>按“计算”测量每个张量的敏感度。</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位数</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>The bit range is empty: %1 to %2.</source>
        <translation>位数范围为空：%1 到 %2。</translation>
    </message>
    <message>
        <source>Training float64 and quantizing one tensor at a time…</source>
        <translation>正在训练 float64 并每次量化一个张量…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 位</translation>
    </message>
    <message>
        <source>train loss %1, test loss %2</source>
        <translation>训练损失 %1，测试损失 %2</translation>
    </message>
    <message>
        <source>Scheme %1, observer %2. float64 loss %3; each cell: the loss increase with that tensor alone at those bits.</source>
        <translation>方案 %1，观察器 %2。float64 损失 %3；每个单元格：仅该张量取该位数时的损失增量。</translation>
    </message>
    <message>
        <source>Added run %1 to the experiment.</source>
        <translation>已将运行 %1 添加到实验中。</translation>
    </message>
    <message>
        <source>The sensitivity view has one chart, not %1.</source>
        <translation>敏感度视图只有一个图表，没有第 %1 个。</translation>
    </message>
    <message>
        <source>Sensitivity</source>
        <translation>敏感度</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::SessionKeeper</name>
    <message>
        <source>Cannot save the session</source>
        <translation>无法保存会话</translation>
    </message>
    <message>
        <source>Session saved to %1</source>
        <translation>会话已保存到 %1</translation>
    </message>
    <message>
        <source>Cannot open the session</source>
        <translation>无法打开会话</translation>
    </message>
    <message>
        <source>Opened %1. A session keeps curves, not weights: Run to redraw the weights&apos; tabs.</source>
        <translation>已打开 %1。会话保存曲线而不保存权重：按“运行”可重新绘制依据权重的标签页。</translation>
    </message>
    <message>
        <source>The last session cannot be reopened</source>
        <translation>无法重新打开上次的会话</translation>
    </message>
    <message>
        <source>%1 is no longer there. BitLab starts with the built-in experiment instead.</source>
        <translation>%1 已不存在。BitLab 改为从内置实验开始。</translation>
    </message>
    <message>
        <source>Replace the results?</source>
        <translation>替换这些结果？</translation>
    </message>
    <message>
        <source>The results of %1 are not saved.</source>
        <translation>%1 的结果尚未保存。</translation>
    </message>
    <message>
        <source>Save keeps them in a session file (File ▸ Save session, Ctrl+S). Discard takes them off the screen: until the window closes they stay under Compare with.</source>
        <translation>“保存”把它们存入会话文件（文件 ▸ 保存会话，Ctrl+S）。“放弃”让它们离开屏幕：在窗口关闭之前，它们仍可在“对比”中选用。</translation>
    </message>
    <message>
        <source>The result of %1 is not saved: closing the window discards it.</source>
        <translation>%1 的结果尚未保存：关闭窗口将丢弃它。</translation>
    </message>
    <message>
        <source>%1 results of this session are not saved (the newest: %2): closing the window discards them.</source>
        <translation>本次会话有 %1 个结果尚未保存（最新的：%2）：关闭窗口将丢弃它们。</translation>
    </message>
    <message>
        <source>Close BitLab?</source>
        <translation>关闭 BitLab？</translation>
    </message>
    <message>
        <source>Save keeps every result of this session in a session file (File ▸ Save session, Ctrl+S); File ▸ Export ▸ Everything writes an experiment&apos;s results to a folder. Close anyway?</source>
        <translation>“保存”把本次会话的所有结果存入会话文件（文件 ▸ 保存会话，Ctrl+S）；文件 ▸ 导出 ▸ 全部 把一个实验的结果写入文件夹。仍要关闭吗？</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::StatusText</name>
    <message>
        <source>finished · loss %1</source>
        <translation>已完成 · 损失 %1</translation>
    </message>
    <message>
        <source>stopped at step %1</source>
        <translation>停止于第 %1 步</translation>
    </message>
    <message>
        <source>%1 at step %2</source>
        <translation>第 %2 步：%1</translation>
    </message>
    <message>
        <source>step %1 / %2 · epoch %3 / %4</source>
        <translation>步 %1 / %2 · 轮 %3 / %4</translation>
    </message>
    <message>
        <source>step – · epoch –</source>
        <translation>步 – · 轮 –</translation>
    </message>
    <message>
        <source>elapsed %1</source>
        <translation>已用时 %1</translation>
    </message>
    <message>
        <source>%1 % of the steps done</source>
        <translation>已完成 %1 % 的步数</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::SweepChart</name>
    <message>
        <source>1 bit</source>
        <translation>1 位</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 位</translation>
    </message>
    <message>
        <source>full precision</source>
        <translation>全精度</translation>
    </message>
    <message>
        <source>bit-width (bits, sign included)</source>
        <translation>位宽（位数，含符号位）</translation>
    </message>
    <message>
        <source>fp64 (full precision)</source>
        <translation>fp64（全精度）</translation>
    </message>
    <message>
        <source>final test accuracy</source>
        <translation>最终测试准确率</translation>
    </message>
    <message>
        <source>final test loss</source>
        <translation>最终测试损失</translation>
    </message>
    <message>
        <source>final train accuracy (no test split)</source>
        <translation>最终训练准确率（无测试集）</translation>
    </message>
    <message>
        <source>final train loss (no test split)</source>
        <translation>最终训练损失（无测试集）</translation>
    </message>
    <message>
        <source>
stopped at step %1 of %2</source>
        <translation>
停止于第 %1 步（共 %2 步）</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>无效：%1</translation>
    </message>
    <message>
        <source>%1 at step %2</source>
        <translation>第 %2 步：%1</translation>
    </message>
    <message>
        <source>diverged / failed / invalid</source>
        <translation>发散 / 失败 / 无效</translation>
    </message>
    <message>
        <source>No sweep yet: choose the bits and schemes, then press Run sweep</source>
        <translation>尚无扫描结果：请选择位宽和量化方案，然后点击“运行扫描”</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source> · seed %1</source>
        <translation> · 种子 %1</translation>
    </message>
    <message>
        <source>%1%2
%3</source>
        <translation>%1%2
%3</translation>
    </message>
    <message>
        <source>%1%2
%3: mean %4 over %5 of %6 seeds
min %7 · max %8 · sd %9</source>
        <translation>%1%2
%3：%6 个种子中 %5 个的均值 %4
最小 %7 · 最大 %8 · 标准差 %9</translation>
    </message>
    <message>
        <source>%1%2
%3: %4</source>
        <translation>%1%2
%3：%4</translation>
    </message>
    <message>
        <source> · mean of %1 seeds, band min–max</source>
        <translation> · %1 个种子的均值，带：最小–最大</translation>
    </message>
    <message>
        <source> · mean of %1 seeds, band ± 1 sd</source>
        <translation> · %1 个种子的均值，带：± 1 个标准差</translation>
    </message>
    <message>
        <source>band: %1</source>
        <translation>带：%1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 (dotted): %2</source>
        <translation>%1（点线）：%2</translation>
    </message>
    <message>
        <source>earlier sweep</source>
        <translation>较早的扫描</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::SweepSetup</name>
    <message>
        <source>The bit-widths to sweep (word length, sign included).</source>
        <translation>要扫描的位宽（字长，含符号位）。</translation>
    </message>
    <message>
        <source>Bits</source>
        <translation>位宽</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Schemes</source>
        <translation>量化方案</translation>
    </message>
    <message>
        <source>Has no bit-width: one point per sweep.</source>
        <translation>没有位宽参数：每次扫描只有一个点。</translation>
    </message>
    <message>
        <source>Its format sets its bits: one point, at its bits per element.</source>
        <translation>其格式决定位数：只有一个点，位于每元素的位数处。</translation>
    </message>
    <message>
        <source>The float formats and MX elements to sweep, each one point at its bits per element (FP8 at 8, MXFP4 at 4.25 with its shared scale). None chosen: float and mx sweep the run&apos;s own format.</source>
        <translation>要扫描的浮点格式和 MX 元素，每个在其每元素位数处取一个点（FP8 在 8 位，MXFP4 连同共享缩放因子在 4.25 位）。都不选时：float 和 mx 扫描该运行自己的格式。</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 位</translation>
    </message>
    <message>
        <source>Any experiment key, as bitlab-cli&apos;s --set and --vary take it (empty: sweep the bits and schemes only).</source>
        <translation>任意实验键，写法与 bitlab-cli 的 --set 和 --vary 相同（留空：只扫描位宽和量化方案）。</translation>
    </message>
    <message>
        <source>key (optional)</source>
        <translation>键（可选）</translation>
    </message>
    <message>
        <source>values, e.g. 0.01,0.03,0.1 or 2-8</source>
        <translation>取值，例如 0.01,0.03,0.1 或 2-8</translation>
    </message>
    <message>
        <source>Values separated by commas; A-B stands for every integer from A to B.</source>
        <translation>取值以逗号分隔；A-B 表示从 A 到 B 的每个整数。</translation>
    </message>
    <message>
        <source>Train every point with this many seeds (training.seed + 0, 1, ...): the chart draws their mean and spread.</source>
        <translation>每个点用这么多个种子训练（training.seed + 0, 1, ...）：图表画出它们的均值和离散范围。</translation>
    </message>
    <message>
        <source>Vary</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>种子数</translation>
    </message>
    <message>
        <source>Formats (%1)</source>
        <translation>格式（%1）</translation>
    </message>
    <message>
        <source>Formats</source>
        <translation>格式</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::SweepView</name>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Train the experiment in the panel once per bit-width and scheme (and once in full precision), in parallel.</source>
        <translation>对面板中的实验，按每个位宽和量化方案各训练一次（另加一次全精度），并行运行。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the sweep; the points that ended stay.</source>
        <translation>停止扫描；已完成的点会保留。</translation>
    </message>
    <message>
        <source>Final loss</source>
        <translation>最终损失</translation>
    </message>
    <message>
        <source>Final accuracy</source>
        <translation>最终准确率</translation>
    </message>
    <message>
        <source>Test loss or accuracy at the last step (train values when the experiment has no test split). Accuracy: classification only.</source>
        <translation>最后一步的测试损失或准确率（实验没有测试集时取训练集上的值）。准确率：仅限分类任务。</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Logarithmic loss axis: low-bit losses are often decades above full precision.</source>
        <translation>对数损失坐标轴：低位宽的损失常常比全精度高出几个数量级。</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>sweep.csv, exactly as bitlab-cli sweep writes it.</source>
        <translation>sweep.csv，与 bitlab-cli sweep 写出的完全相同。</translation>
    </message>
    <message>
        <source>Choose the bits and schemes, then press Run sweep.</source>
        <translation>请选择位宽和量化方案，然后点击“运行扫描”。</translation>
    </message>
    <message>
        <source>The sweep view has one chart, not %1.</source>
        <translation>扫描视图只有一个图表，没有第 %1 个。</translation>
    </message>
    <message>
        <source>No experiment to sweep.</source>
        <translation>没有可扫描的实验。</translation>
    </message>
    <message>
        <source>Cannot sweep yet: %1</source>
        <translation>暂时无法扫描：%1</translation>
    </message>
    <message>
        <source>Bit-width sweep · %1 · %2 model · %3 epochs</source>
        <translation>位宽扫描 · %1 · %2 模型 · %3 轮</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>准备中…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>The sweep cannot run: %1</source>
        <translation>扫描无法运行：%1</translation>
    </message>
    <message>
        <source>Cancelled: %1 of %2 configurations finished</source>
        <translation>已取消：%2 个配置中完成了 %1 个</translation>
    </message>
    <message>
        <source>%1 configurations in %2 s</source>
        <translation>%1 个配置，用时 %2 秒</translation>
    </message>
    <message>
        <source>mode %1, rounding %2, %3</source>
        <translation>模式 %1，舍入 %2，%3</translation>
    </message>
    <message>
        <source>Each point trains the panel&apos;s first quantized run (%1) alone, with its scheme and bits replaced, from the same initial weights; the dashed line is full precision. Same numbers as bitlab-cli sweep.</source>
        <translation>每个点单独训练面板中的第一个量化运行（%1），只替换其量化方案和位宽，并从相同的初始权重出发；虚线为全精度。数值与 bitlab-cli sweep 相同。</translation>
    </message>
    <message>
        <source>The panel has no quantized run: each point trains the scheme&apos;s default quantizer (%1) alone; the dashed line is full precision. Same numbers as bitlab-cli sweep.</source>
        <translation>面板中没有量化运行：每个点单独训练该方案的默认量化器（%1）；虚线为全精度。数值与 bitlab-cli sweep 相同。</translation>
    </message>
    <message>
        <source>There is no finished sweep to export yet: press Run sweep first.</source>
        <translation>还没有完成的扫描可导出：请先点击“运行扫描”。</translation>
    </message>
    <message>
        <source>Export sweep</source>
        <translation>导出扫描结果</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>位宽扫描</translation>
    </message>
    <message>
        <source> · %1 not trained to the end (red diamonds)</source>
        <translation> · %1 个未训练完成（红色菱形）</translation>
    </message>
    <message>
        <source>x: bit-width</source>
        <translation>x：位宽</translation>
    </message>
    <message>
        <source>x: the key</source>
        <translation>x：该键</translation>
    </message>
    <message>
        <source>What goes on the x axis; the other becomes separate lines.</source>
        <translation>x 轴上放什么；另一个画成不同的曲线。</translation>
    </message>
    <message>
        <source>band: min–max</source>
        <translation>带：最小–最大</translation>
    </message>
    <message>
        <source>band: ± 1 sd</source>
        <translation>带：± 1 个标准差</translation>
    </message>
    <message>
        <source>The band around each mean: the lowest to the highest seed, or one sample standard deviation either side.</source>
        <translation>每个均值周围的带：从最低到最高的种子，或两侧各一个样本标准差。</translation>
    </message>
    <message>
        <source>Cannot sweep: %1</source>
        <translation>无法扫描：%1</translation>
    </message>
    <message>
        <source>Choose at least one scheme, or a key to vary.</source>
        <translation>请至少选择一个量化方案，或一个要变化的键。</translation>
    </message>
    <message>
        <source>Sweep · %1 · %2 model · %3 epochs</source>
        <translation>扫描 · %1 · %2 模型 · %3 轮</translation>
    </message>
    <message>
        <source>Sweep tab</source>
        <translation>扫描标签页</translation>
    </message>
    <message>
        <source>%1 of %2 runs done</source>
        <translation>已完成 %1 / %2 次运行</translation>
    </message>
    <message>
        <source>%1 runs (%2 seeds each) in %3 s</source>
        <translation>%1 次运行（每个 %2 个种子），用时 %3 秒</translation>
    </message>
    <message>
        <source>The experiment changed: the last sweep was of another one. Press Run sweep to sweep this one.</source>
        <translation>实验已更改：上一次扫描属于另一个实验。按“运行扫描”扫描当前实验。</translation>
    </message>
    <message>
        <source>Why some schemes equal float64 at every bit width, 1 bit included: each tensor of this model holds one number (w, and b), and symmetric, affine, pow2, binary and ternary take their scale from the tensor, so that number is always a level and is stored exactly. Fixed point has a fixed grid: only it shows the bits here. Use a model with more weights (an MLP) to see them matter.</source>
        <translation>为什么有些方案在任何位宽（包括 1 位）下都与 float64 相同：该模型的每个张量只有一个数（w 和 b），而 symmetric、affine、pow2、binary 和 ternary 的缩放因子取自张量本身，所以这个数总是一个量化级，能被精确存储。定点数的网格是固定的：这里只有它能体现位宽的影响。换用权重更多的模型（MLP）即可看到位宽的作用。</translation>
    </message>
    <message>
        <source>Lay an earlier sweep of this session over the chart: its lines dotted, in their colours, named #N.</source>
        <translation>把本次会话中较早的一次扫描叠加到图上：其曲线以点线绘制，保持各自的颜色，名称为 #N。</translation>
    </message>
    <message>
        <source>Compare with</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>no earlier sweep</source>
        <translation>没有较早的扫描</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::TensorStripWidget</name>
    <message>
        <source>Weights over their grid</source>
        <translation>权重与量化网格</translation>
    </message>
    <message>
        <source>Run the experiment to see its weights.</source>
        <translation>运行实验后即可查看其权重。</translation>
    </message>
    <message>
        <source>%1 [%2] of run %3</source>
        <translation>运行 %3 的 %1 [%2]</translation>
    </message>
    <message>
        <source>Not quantized in this run: no grid, the weights are used as they are. Step %1.</source>
        <translation>该运行中未量化：没有网格，权重按原值使用。第 %1 步。</translation>
    </message>
    <message>
        <source>%1 levels%2, scale s = %3, zero-point z = %4; %5 weights drawn. Step %6.</source>
        <translation>%1 个量化级%2，缩放因子 s = %3，零点 z = %4；绘制了 %5 个权重。第 %6 步。</translation>
    </message>
    <message>
        <source> in channel %1 of %2</source>
        <translation>（第 %1 个通道，共 %2 个）</translation>
    </message>
    <message>
        <source> Too many levels to draw.</source>
        <translation> 量化级太多，无法绘制。</translation>
    </message>
    <message>
        <source>Too many levels to list (over %1): histogram and ticks omitted. Step %2.</source>
        <translation>量化级太多，无法列出（超过 %1 个）：省略直方图和刻度。第 %2 步。</translation>
    </message>
    <message>
        <source>clamp %1</source>
        <translation>截断 %1</translation>
    </message>
    <message>
        <source>clamp limits %1 lie outside this view</source>
        <translation>截断界限 %1 在本视图之外</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 和 </translation>
    </message>
    <message>
        <source>line: to the level it snaps to</source>
        <translation>连线：指向它对齐到的量化级</translation>
    </message>
    <message>
        <source>clamp limits</source>
        <translation>截断界限</translation>
    </message>
    <message>
        <source>weights per level</source>
        <translation>每个量化级上的权重数</translation>
    </message>
    <message>
        <source>no grid: full-precision weights</source>
        <translation>无网格：全精度权重</translation>
    </message>
    <message>
        <source>weight value (dots: the float each weight keeps; ticks: the values the grid can store)</source>
        <translation>权重值（圆点：每个权重保留的浮点值；刻度：网格可以存储的值）</translation>
    </message>
    <message>
        <source>Flips per step: fraction of %1&apos;s quantized weights that changed level</source>
        <translation>每步跳变：%1 的量化权重中改变了量化级的比例</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>grid → %1</source>
        <translation>网格 → %1</translation>
    </message>
    <message>
        <source>full precision: no grid, no flips</source>
        <translation>全精度：无网格，无跳变</translation>
    </message>
    <message>
        <source>%1 — %2[%3, %4]</source>
        <translation>%1 — %2[%3, %4]</translation>
    </message>
    <message>
        <source>level changes seen:</source>
        <translation>观察到的量化级变化：</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>1</source>
        <translation>1</translation>
    </message>
    <message>
        <source>4</source>
        <translation>4</translation>
    </message>
    <message>
        <source>16+</source>
        <translation>16+</translation>
    </message>
    <message>
        <source>&lt;br&gt;seen at a new level %1 times (between the snapshots received, about ten a second; the flips chart counts every step)</source>
        <translation>&lt;br&gt;在收到的快照之间（约每秒十次）观察到换到新量化级 %1 次；跳变图统计的是每一步</translation>
    </message>
    <message numerus="yes">
        <source>%n weight(s) outside the range (ringed): clipped to the outer level.</source>
        <translation>
            <numerusform>%n 个权重在范围之外（带圈）：被截断到最外侧的量化级。</numerusform>
        </translation>
    </message>
    <message>
        <source>One weight in every %1 of its %2 is drawn as a dot; the histogram counts them all.</source>
        <translation>它的 %2 个权重中每隔 %1 个画一个点；直方图统计全部权重。</translation>
    </message>
    <message>
        <source>Block %1 of row %2 (columns %3–%4): scale %5; its %6 levels, %7 weights drawn. Step %8.</source>
        <translation>第 %2 行的块 %1（第 %3–%4 列）：缩放因子 %5；它自己的 %6 个量化级，绘制了 %7 个权重。第 %8 步。</translation>
    </message>
    <message>
        <source>%1 blocks of %2, each with its own scale; ticks: what any block can store (%3 levels). %4 weights drawn. Step %5.</source>
        <translation>%1 个块，每块 %2 个元素，各有自己的缩放因子；刻度：任一块能存储的值（%3 个量化级）。绘制了 %4 个权重。第 %5 步。</translation>
    </message>
    <message>
        <source>Row %1, element by element: blocks of %2 share one scale (written on top); click a block to see its own grid</source>
        <translation>第 %1 行，逐个元素：每 %2 个元素为一块，共用一个缩放因子（标在上方）；点击一个块可查看它自己的网格</translation>
    </message>
    <message>
        <source>%1 levels in view, too many to draw one bar each: bars only at the levels that hold weights</source>
        <translation>视图中有 %1 个量化级，太多，无法每级画一根柱：只在有权重的量化级上画柱</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::TrainingController</name>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Run the experiment first: there is nothing to export yet.</source>
        <translation>请先运行实验：目前还没有可导出的内容。</translation>
    </message>
    <message>
        <source>There is no experiment to change.</source>
        <translation>没有可更改的实验。</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::TrainingForm</name>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::TrainingSession</name>
    <message>
        <source>Run %1 now uses %2 from step %3.</source>
        <translation>运行 %1 从第 %3 步起改用 %2。</translation>
    </message>
    <message>
        <source>The experiment cannot run yet</source>
        <translation>实验暂时无法运行</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>The grid cannot change</source>
        <translation>无法更改量化网格</translation>
    </message>
    <message>
        <source>Stopped before training: the experiment was not built.</source>
        <translation>已在训练前停止：实验未被构建。</translation>
    </message>
    <message>
        <source>The experiment cannot run</source>
        <translation>实验无法运行</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::TrainingWorker</name>
    <message>
        <source>There is no experiment to export.</source>
        <translation>没有可导出的实验。</translation>
    </message>
    <message>
        <source>%1: full precision, no C header.</source>
        <translation>%1：全精度运行，不生成 C 头文件。</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n file(s)</source>
        <translation>
            <numerusform>已写入 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source> to %1</source>
        <translation>到 %1</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::WeightPlaneScene</name>
    <message>
        <source>full precision: glides downhill</source>
        <translation>全精度：平滑地沿下坡滑行</translation>
    </message>
    <message>
        <source>STE: latent ○ glides, the model uses ■</source>
        <translation>STE：潜在权重 ○ 平滑移动，模型使用 ■</translation>
    </message>
    <message>
        <source>PTQ: latent ○ trains, ■ is its rounding</source>
        <translation>PTQ：潜在权重 ○ 训练，■ 为其舍入结果</translation>
    </message>
    <message>
        <source>stochastic rounding after each update: hops</source>
        <translation>每次更新后随机舍入：跳跃前进</translation>
    </message>
    <message>
        <source>rounds after each update: hops, then stalls</source>
        <translation>每次更新后舍入：跳跃，然后停滞</translation>
    </message>
    <message>
        <source> (still since step %1)</source>
        <translation>（自第 %1 步起静止）</translation>
    </message>
    <message>
        <source>grid of %1</source>
        <translation>%1 的网格</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::WeightPlaneWidget</name>
    <message>
        <source>training loss (full precision)</source>
        <translation>训练损失（全精度）</translation>
    </message>
    <message>
        <source>Weight plane: where each run&apos;s (w, b) goes</source>
        <translation>权重平面：各运行的 (w, b) 的轨迹</translation>
    </message>
    <message>
        <source>Background: training loss of the full-precision model (darker = higher). Lines: the values a quantized run can store. Step %1.</source>
        <translation>背景：全精度模型的训练损失（越深越高）。网格线：量化运行可以存储的值。第 %1 步。</translation>
    </message>
    <message>
        <source>Run the experiment to see the weights move.</source>
        <translation>运行实验即可看到权重的移动。</translation>
    </message>
    <message>
        <source>computing the loss surface…</source>
        <translation>正在计算损失曲面…</translation>
    </message>
    <message>
        <source>start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>%1 (weight)</source>
        <translation>%1（权重）</translation>
    </message>
    <message>
        <source>%1 (bias)</source>
        <translation>%1（偏置）</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>no quantized run</source>
        <translation>没有量化运行</translation>
    </message>
    <message>
        <source>clamp range w ∈ [%1, %2]</source>
        <translation>截断范围 w ∈ [%1, %2]</translation>
    </message>
    <message>
        <source>, b ∈ [%1, %2]</source>
        <translation>，b ∈ [%1, %2]</translation>
    </message>
    <message>
        <source> (shaded outside)</source>
        <translation>（范围外加阴影）</translation>
    </message>
    <message>
        <source> (beyond this view)</source>
        <translation>（超出本视图）</translation>
    </message>
    <message>
        <source>Training loss (full precision)</source>
        <translation>训练损失（全精度）</translation>
    </message>
    <message>
        <source>log scale; thin lines are contours of equal loss</source>
        <translation>对数刻度；细线为等损失线</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>计算中…</translation>
    </message>
    <message>
        <source>Hover a run&apos;s current point to see how its numbers are rounded.</source>
        <translation>将鼠标悬停在某个运行的当前点上，可查看其数值如何被舍入。</translation>
    </message>
    <message>
        <source>%1 — %2 (%3)</source>
        <translation>%1 — %2（%3）</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;i&gt;snapshot of step %1&lt;/i&gt;</source>
        <translation>&lt;br&gt;&lt;i&gt;第 %1 步的快照&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1 step %2</source>
        <translation>%1 步长 %2</translation>
    </message>
    <message>
        <source>%1 steps from %2 to %3 in view (finest towards 0)</source>
        <translation>视图中 %1 步长从 %2 到 %3（越靠近 0 越细）</translation>
    </message>
</context>
<context>
    <name>bitlab::ui::WeightsView</name>
    <message>
        <source>The weight plane needs a model with exactly two weights (w and b); the tensor strips work for any model.</source>
        <translation>权重平面需要一个恰好有两个权重（w 和 b）的模型；张量条带适用于任何模型。</translation>
    </message>
    <message>
        <source>Whose weights and grid the strips show</source>
        <translation>条带显示哪个运行的权重和网格</translation>
    </message>
    <message>
        <source>Which tensor of the model</source>
        <translation>模型的哪个张量</translation>
    </message>
    <message>
        <source>Per-channel grids: each output channel has its own scale</source>
        <translation>逐通道网格：每个输出通道有自己的缩放因子</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Tensor:</source>
        <translation>张量：</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>通道：</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Weight plane (w, b)</source>
        <translation>权重平面 (w, b)</translation>
    </message>
    <message>
        <source>Tensor strips</source>
        <translation>张量条带</translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <translation>%1 [%2]</translation>
    </message>
    <message>
        <source>%1</source>
        <translation>%1</translation>
    </message>
    <message>
        <source>There is no weights chart number %1.</source>
        <translation>没有编号为 %1 的权重图表。</translation>
    </message>
    <message>
        <source>Weight plane</source>
        <translation>权重平面</translation>
    </message>
    <message>
        <source>Weights over their grid</source>
        <translation>权重与量化网格</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>BitLab</source>
        <translation>BitLab</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Export as PNG…</source>
        <translation>导出为 PNG…</translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation>导出为 SVG…</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Block formats (MX, NVFP4): each block of consecutive weights along a row has its own scale, so its own grid</source>
        <translation>块格式（MX、NVFP4）：一行中每一块连续的权重有自己的缩放因子，因而有自己的网格</translation>
    </message>
    <message>
        <source>Block:</source>
        <translation>块：</translation>
    </message>
    <message>
        <source>whole tensor</source>
        <translation>整个张量</translation>
    </message>
    <message>
        <source>row %1, block %2 (columns %3–%4)</source>
        <translation>第 %1 行，块 %2（第 %3–%4 列）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>BitLab: watch a full-precision run and its quantized twins train side by side.</source>
        <translation>BitLab：观察全精度运行与其量化孪生并排训练。</translation>
    </message>
    <message>
        <source>Open the built-in experiment NAME.</source>
        <translation>打开名为 NAME 的内置实验。</translation>
    </message>
    <message>
        <source>Run the experiment at start.</source>
        <translation>启动时立即运行实验。</translation>
    </message>
    <message>
        <source>When training ends, save the window to FILE.png and quit.</source>
        <translation>训练结束后，将窗口截图保存为 FILE.png 并退出。</translation>
    </message>
    <message>
        <source>When training ends, write every chart as PNG and SVG to DIR and quit.</source>
        <translation>训练结束后，将每个图表以 PNG 和 SVG 格式写入 DIR 并退出。</translation>
    </message>
    <message>
        <source>Show the window in language CODE (en, zh_CN) instead of the chosen or system one.</source>
        <translation>以语言 CODE（en、zh_CN）显示窗口，而不使用已选或系统语言。</translation>
    </message>
    <message>
        <source>An experiment JSON or a CSV file to open.</source>
        <translation>要打开的实验 JSON 或 CSV 文件。</translation>
    </message>
    <message>
        <source>Open lesson NAME (rounding-stalls, bit-width-cliff, ...) with its experiment.</source>
        <translation>打开课程 NAME（rounding-stalls、bit-width-cliff 等）及其实验。</translation>
    </message>
    <message>
        <source>Show the view KEY: %1. With --run and --screenshot, the sweep view runs its sweep (default bits and schemes) before the screenshot.</source>
        <translation>显示视图 KEY：%1。与 --run 和 --screenshot 一起使用时，扫描视图会在截图前运行扫描（默认位宽和方案）。</translation>
    </message>
</context>
</TS>
