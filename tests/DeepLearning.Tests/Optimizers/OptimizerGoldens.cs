namespace DeepLearning.Tests.Optimizers;

// Reference trajectories of every optimizer: after each of 4 steps, the 7 values of w (3) then W (2×2, row-major)
// for the loss L = Σ s⊙(θ − c)² + 0.1·Σθ³ over both parameters (see QuadraticProblem).
// Produced in float64 by this script (numpy 1.24, /usr/bin/python3), which follows Keras 3's sources line by line
// (keras-team/keras master: keras/src/optimizers/base_optimizer.py apply/_clip_gradients/_apply_weight_decay,
// sgd.py, adagrad.py, rmsprop.py, adam.py, adamw.py, nadam.py, adamax.py, adadelta.py, and
// schedules/learning_rate_schedule.py). Its output is the dictionary below.
//
// # Reference trajectories for tests/DeepLearning.Tests/Optimizers/OptimizerGoldens.cs.
// # Follows Keras 3 (keras-team/keras master, keras/src/optimizers/{base_optimizer,sgd,adagrad,rmsprop,adam,
// # adamw,nadam,adamax,adadelta}.py and schedules/learning_rate_schedule.py) line by line, in float64 numpy.
// import numpy as np
//
// def loss_grad(theta, s, c):            # L = sum(s*(theta-c)^2) + 0.1*sum(theta^3)
//     return 2 * s * (theta - c) + 0.3 * theta ** 2
//
// class Base:
//     def __init__(self, lr, weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None):
//         self._lr, self.weight_decay = lr, weight_decay
//         self.clipnorm, self.clipvalue, self.global_clipnorm = clipnorm, clipvalue, global_clipnorm
//         self.iterations = 0
//         self.built = False
//     @property
//     def learning_rate(self):           # _get_current_learning_rate
//         return self._lr(self.iterations) if callable(self._lr) else self._lr
//     def _clip_by_norm(self, values):
//         l2sum = np.sum(np.square(values), keepdims=True)
//         l2norm = np.sqrt(l2sum) if l2sum > 0 else l2sum
//         return values * self.clipnorm / np.maximum(l2norm, self.clipnorm)
//     def _clip_gradients(self, grads):
//         if self.clipnorm and self.clipnorm > 0:
//             return [self._clip_by_norm(g) for g in grads]
//         elif self.global_clipnorm and self.global_clipnorm > 0:
//             use_norm = np.sqrt(np.sum(np.stack([np.sum(np.square(g)) for g in grads])))
//             c = self.global_clipnorm
//             scale = c * np.minimum(1.0 / use_norm, 1.0 / c) + (use_norm - use_norm)
//             return [g * scale for g in grads]
//         elif self.clipvalue and self.clipvalue > 0:
//             return [np.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
//         return grads
//     def _apply_weight_decay(self, variables):
//         if self.weight_decay is None:
//             return
//         for v in variables:
//             lr, wd = self.learning_rate, self.weight_decay
//             v[...] = v - v * wd * lr
//     def apply(self, grads, variables):
//         if not self.built:
//             self.build(variables); self.built = True
//         grads = self._clip_gradients(grads)
//         self._apply_weight_decay(variables)
//         self._backend_update_step(grads, variables, self.learning_rate)
//         self.iterations += 1
//     def _backend_update_step(self, grads, variables, lr):
//         for i, (g, v) in enumerate(zip(grads, variables)):
//             self.update_step(g, v, lr, i)
//
// class SGD(Base):
//     def __init__(self, lr=0.01, momentum=0.0, nesterov=False, **kw):
//         super().__init__(lr, **kw); self.momentum, self.nesterov = momentum, nesterov
//     def build(self, vs): self.momentums = [np.zeros_like(v) for v in vs] if self.momentum != 0 else []
//     def update_step(self, gradient, variable, learning_rate, i):
//         if self.momentum != 0:
//             m = self.momentums[i]
//             m[...] = m * self.momentum - gradient * learning_rate
//             if self.nesterov:
//                 variable += m * self.momentum - gradient * learning_rate
//             else:
//                 variable += m
//         else:
//             variable -= gradient * learning_rate
//
// class Adagrad(Base):
//     def __init__(self, lr=0.001, initial_accumulator_value=0.1, epsilon=1e-7, **kw):
//         super().__init__(lr, **kw); self.iav, self.epsilon = initial_accumulator_value, epsilon
//     def build(self, vs): self._accumulators = [np.full_like(v, self.iav) for v in vs]
//     def update_step(self, gradient, variable, lr, i):
//         accumulator = self._accumulators[i]
//         accumulator += np.square(gradient)
//         variable -= (lr * gradient) / np.sqrt(accumulator + self.epsilon)
//
// class RMSprop(Base):
//     def __init__(self, lr=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, **kw):
//         super().__init__(lr, **kw)
//         self.rho, self.momentum, self.epsilon, self.centered = rho, momentum, epsilon, centered
//     def build(self, vs):
//         self._velocities = [np.zeros_like(v) for v in vs]
//         self._momentums = [np.zeros_like(v) for v in vs]
//         self._average_gradients = [np.zeros_like(v) for v in vs]
//     def update_step(self, gradient, variable, lr, i):
//         velocity = self._velocities[i]; momentum = self._momentums[i]; average_grad = self._average_gradients[i]
//         rho = self.rho
//         velocity[...] = rho * velocity + (1 - rho) * np.square(gradient)
//         if self.centered:
//             average_grad[...] = rho * average_grad + (1 - rho) * gradient
//             denominator = velocity - np.square(average_grad) + self.epsilon
//         else:
//             denominator = velocity + self.epsilon
//         increment = (lr * gradient) / np.sqrt(denominator)
//         if self.momentum > 0:
//             momentum[...] = self.momentum * momentum + increment
//             variable -= momentum
//         else:
//             variable -= increment
//
// class Adam(Base):
//     def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, **kw):
//         super().__init__(lr, **kw)
//         self.beta_1, self.beta_2, self.epsilon, self.amsgrad = beta_1, beta_2, epsilon, amsgrad
//     def build(self, vs):
//         self._momentums = [np.zeros_like(v) for v in vs]; self._velocities = [np.zeros_like(v) for v in vs]
//         self._velocity_hats = [np.zeros_like(v) for v in vs]
//     def update_step(self, gradient, variable, lr, i):
//         local_step = self.iterations + 1
//         beta_1_power = self.beta_1 ** local_step
//         beta_2_power = self.beta_2 ** local_step
//         m = self._momentums[i]; v = self._velocities[i]
//         alpha = lr * np.sqrt(1 - beta_2_power) / (1 - beta_1_power)
//         m += (gradient - m) * (1 - self.beta_1)
//         v += (np.square(gradient) - v) * (1 - self.beta_2)
//         if self.amsgrad:
//             v_hat = self._velocity_hats[i]
//             v_hat[...] = np.maximum(v_hat, v)
//             v = v_hat
//         variable -= (m * alpha) / (np.sqrt(v) + self.epsilon)
//
// class AdamW(Adam):
//     def __init__(self, lr=0.001, weight_decay=0.004, **kw):
//         super().__init__(lr, weight_decay=weight_decay, **kw)
//
// class Nadam(Base):
//     def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kw):
//         super().__init__(lr, **kw); self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
//     def build(self, vs):
//         self._momentums = [np.zeros_like(v) for v in vs]; self._velocities = [np.zeros_like(v) for v in vs]
//         self._u_product = 1.0
//     def _backend_update_step(self, grads, variables, lr):
//         self._u_product = self._u_product * self.beta_1 * (1.0 - 0.5 * 0.96 ** (self.iterations + 1))
//         super()._backend_update_step(grads, variables, lr)
//     def update_step(self, gradient, variable, lr, i):
//         local_step = self.iterations + 1; next_step = self.iterations + 2
//         decay = 0.96; beta_1 = self.beta_1; beta_2 = self.beta_2
//         u_t = beta_1 * (1.0 - 0.5 * (decay ** local_step))
//         u_t_1 = beta_1 * (1.0 - 0.5 * (decay ** next_step))
//         u_product_t = self._u_product
//         u_product_t_1 = u_product_t * u_t_1
//         beta_2_power = beta_2 ** local_step
//         m = self._momentums[i]; v = self._velocities[i]
//         m += (gradient - m) * (1 - beta_1)
//         v += (np.square(gradient) - v) * (1 - beta_2)
//         m_hat = (u_t_1 * m) / (1 - u_product_t_1) + ((1 - u_t) * gradient) / (1 - u_product_t)
//         v_hat = v / (1 - beta_2_power)
//         variable -= (m_hat * lr) / (np.sqrt(v_hat) + self.epsilon)
//
// class Adamax(Base):
//     def __init__(self, lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, **kw):
//         super().__init__(lr, **kw); self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
//     def build(self, vs): self._m = [np.zeros_like(v) for v in vs]; self._u = [np.zeros_like(v) for v in vs]
//     def update_step(self, gradient, variable, lr, i):
//         local_step = self.iterations + 1
//         beta_1_power = self.beta_1 ** local_step
//         m = self._m[i]; u = self._u[i]
//         m += (gradient - m) * (1 - self.beta_1)
//         u[...] = np.maximum(self.beta_2 * u, np.abs(gradient))
//         variable -= (lr * m) / ((1 - beta_1_power) * (u + self.epsilon))
//
// class Adadelta(Base):
//     def __init__(self, lr=0.001, rho=0.95, epsilon=1e-7, **kw):
//         super().__init__(lr, **kw); self.rho, self.epsilon = rho, epsilon
//     def build(self, vs):
//         self._accumulated_grads = [np.zeros_like(v) for v in vs]; self._accumulated_delta_vars = [np.zeros_like(v) for v in vs]
//     def update_step(self, grad, variable, lr, i):
//         rho = self.rho
//         accumulated_grad = self._accumulated_grads[i]; accumulated_delta_var = self._accumulated_delta_vars[i]
//         rms = lambda x: np.sqrt(x + self.epsilon)
//         accumulated_grad[...] = rho * accumulated_grad + (1 - rho) * np.square(grad)
//         delta_var = -(rms(accumulated_delta_var) * grad) / rms(accumulated_grad)
//         accumulated_delta_var[...] = rho * accumulated_delta_var + (1 - rho) * np.square(delta_var)
//         variable += lr * delta_var
//
// def exponential_decay(lr0, decay_steps, decay_rate):      # ExponentialDecay.__call__, staircase=False
//     return lambda step: lr0 * decay_rate ** (step / decay_steps)
// def inverse_time_decay(lr0, decay_steps, decay_rate):     # InverseTimeDecay.__call__, staircase=False
//     return lambda step: lr0 / (1 + decay_rate * (step / decay_steps))
//
// configs = {
//     "SgdPlain": lambda: SGD(0.1),
//     "SgdMomentum": lambda: SGD(0.1, momentum=0.9),
//     "SgdNesterov": lambda: SGD(0.1, momentum=0.9, nesterov=True),
//     "SgdMomentumWeightDecay": lambda: SGD(0.1, momentum=0.5, weight_decay=0.1),
//     "Adagrad": lambda: Adagrad(0.1),
//     "RMSprop": lambda: RMSprop(0.01),
//     "RMSpropCenteredMomentum": lambda: RMSprop(0.01, rho=0.8, momentum=0.5, centered=True),
//     "Adam": lambda: Adam(0.1),
//     "AdamAmsgrad": lambda: Adam(0.1, beta_2=0.5, amsgrad=True),
//     "AdamW": lambda: AdamW(0.1, weight_decay=0.05),
//     "Nadam": lambda: Nadam(0.1),
//     "Adamax": lambda: Adamax(0.1),
//     "Adadelta": lambda: Adadelta(1.0),
//     "SgdClipNorm": lambda: SGD(0.1, clipnorm=1.0),
//     "SgdGlobalClipNorm": lambda: SGD(0.1, global_clipnorm=1.0),
//     "AdamClipValue": lambda: Adam(0.1, clipvalue=0.5),
//     "SgdExponentialDecay": lambda: SGD(exponential_decay(0.1, 2, 0.5), momentum=0.9),
//     "AdamInverseTimeDecayWeightDecay": lambda: Adam(inverse_time_decay(0.1, 1, 0.5), weight_decay=0.1),
// }
// w0 = np.array([0.5, -1.0, 2.0]); s_w = np.array([1.0, 0.5, 2.0]); c_w = np.array([1.0, 0.0, -1.0])
// W0 = np.array([[0.3, -0.7], [1.2, 0.1]]); s_W = np.array([[0.3, 1.5], [1.0, 0.7]]); c_W = np.array([[0.0, 1.0], [-1.0, 0.5]])
// for name, make in configs.items():
//     opt = make(); w = w0.copy(); W = W0.copy(); rows = []
//     for step in range(4):
//         opt.apply([loss_grad(w, s_w, c_w), loss_grad(W, s_W, c_W)], [w, W])
//         rows.append(np.concatenate([w, W.ravel()]))
//     if name == "AdamAmsgrad": assert not np.allclose(opt._velocity_hats[0], opt._velocities[0])
//     print(f'        ["{name}"] = [')
//     for r in rows: print('            [' + ', '.join(repr(float(x)) for x in r) + '],')
//     print('        ],')
internal static class OptimizerGoldens
{
    public static readonly Dictionary<string, double[][]> Trajectories = new()
    {
        ["SgdPlain"] = [
            [0.5925, -0.93, 0.6799999999999999, 0.2793, -0.2047, 0.7167999999999999, 0.1557],
            [0.6634683125, -0.862947, -0.005872000000000099, 0.2602017453, 0.15545293729999998, 0.3580259327999999, 0.2031747253],
            [0.7175689439492521, -0.79899262574427, -0.4035242344115201, 0.24255849213428501, 0.40809208763854404, 0.08257526918328062, 0.2434918646879781],
            [0.7586079994797883, -0.7382450396496547, -0.6469994948796342, 0.22623994394303418, 0.5806682867871853, -0.13414434490579624, 0.2776243549865843],
        ],
        ["SgdMomentum"] = [
            [0.5925, -0.93, 0.6799999999999999, 0.2793, -0.2047, 0.7167999999999999, 0.1557],
            [0.7467183125000001, -0.799947, -1.1938720000000003, 0.2415717453, 0.6012229373, -0.07685406720000021, 0.25330472530000003],
            [0.9194434841033147, -0.6221020560842699, -2.8455679105715204, 0.19137130410818137, 1.4353426290699307, -0.9759491106693557, 0.3737614180122208],
            [1.0656461521118337, -0.4114417299972142, -3.8367847678675115, 0.13360993950797173, 1.9936413090571277, -1.8185191276563937, 0.49565491500367337],
        ],
        ["SgdNesterov"] = [
            [0.6757500000000001, -0.867, -0.508, 0.26066999999999996, 0.24107, 0.2819199999999997, 0.20583],
            [0.8478616304375001, -0.688416273, -1.9658296480000004, 0.21031353561269997, 1.0715405595407002, -0.6011318965248003, 0.3267813586327],
            [0.9735633533235163, -0.48163949083107893, -2.5800337844024814, 0.15440656187865304, 1.5093965895692056, -1.335154447535008, 0.4397053964941913],
            [1.0347393360674162, -0.2664132562882995, -2.5547741134985387, 0.09768016751298422, 1.5335664395440245, -1.8884734184458623, 0.5274126421759958],
        ],
        ["SgdMomentumWeightDecay"] = [
            [0.5875, -0.92, 0.6599999999999999, 0.2763, -0.1977, 0.7047999999999999, 0.1547],
            [0.7000203125000001, -0.809192, -0.683668, 0.24431874929999997, 0.41006444129999997, 0.10028970879999988, 0.2286270373],
            [0.7975128499876221, -0.68902063078592, -1.48592017802672, 0.2108165619612145, 0.8807935997664396, -0.4198040164187358, 0.30050189068946276],
            [0.863200719419671, -0.5714311196818876, -1.7474760973131336, 0.17919659401712237, 1.1218885643168774, -0.7964776494022083, 0.35979812737803646],
        ],
        ["Adagrad"] = [
            [0.5946232713673417, -0.9088677700364933, 1.9000286837340488, 0.24523140610334423, -0.6002031928997283, 1.1002134638120666, 0.18696237191153137],
            [0.6530994580116277, -0.8436367903910195, 1.8307541530881253, 0.2051850197296432, -0.5315007753498776, 1.0316285988126044, 0.2425008286143543],
            [0.6956020613485767, -0.7908334707772161, 1.77489947273629, 0.17392509697927133, -0.47640124099307724, 0.9766234281922291, 0.2831680080027214],
            [0.7284904753118586, -0.7457211758399876, 1.7269984996427012, 0.14865129277388456, -0.4293766646690985, 0.9296504256707704, 0.3146370181045577],
        ],
        ["RMSprop"] = [
            [0.5316227581223565, -0.9683772556664062, 1.968377223489061, 0.2683775923943617, -0.6683772240428316, 1.1683772240755148, 0.13162272563826385],
            [0.5536505025268976, -0.9456396868721185, 1.9455721146570715, 0.24684201058747918, -0.6456176795882951, 1.1456311454952366, 0.15359518389065738],
            [0.5716117891537357, -0.9267108170649027, 1.9265453165538693, 0.22953396916706528, -0.6266534935615365, 1.1266832046790267, 0.17147650577751328],
            [0.5872157506827882, -0.9099848689640239, 1.9097005901035935, 0.2146740742112823, -0.6098815756119034, 1.1099280298616323, 0.18698297905936223],
        ],
        ["RMSpropCenteredMomentum"] = [
            [0.5249999908692526, -0.9750000159438623, 1.9750000000448376, 0.2750001823243141, -0.6750000003184589, 1.175000000334608, 0.1249999748186515],
            [0.5577188653691841, -0.9418034129600246, 1.9417586163511857, 0.24261523372896837, -0.6417891709956869, 1.1417984322172454, 0.15768205498683735],
            [0.5925990759855193, -0.9055237930252321, 1.905341986586241, 0.2087162697846221, -0.605460549039687, 1.1054930355223254, 0.19244442489331484],
            [0.6277839019534861, -0.8676002878955099, 1.8671397691715468, 0.17545077890394953, -0.5674264296017218, 1.0674960690903232, 0.22737546386731228],
        ],
        ["Adam"] = [
            [0.5999996581333136, -0.9000004517519107, 1.9000000239566432, 0.20000152764702983, -0.600000063845662, 1.100000065444445, 0.1999994322693524],
            [0.6982334381386418, -0.8002160591619136, 1.8001240946386208, 0.1034904163024238, -0.500177725881477, 1.000190283781158, 0.2980321309713734],
            [0.7923586870798331, -0.7008670122995098, 1.7004597611681944, 0.014963359445460844, -0.40067323595170523, 0.9007068309161377, 0.39130676418319343],
            [0.8786565989937645, -0.6022497782356153, 1.6010979743872875, -0.05957702450666749, -0.3016453983384014, 0.8016923691862975, 0.475234297324554],
        ],
        ["AdamAmsgrad"] = [
            [0.5999999847112071, -0.9000000202030468, 1.9000000010713738, 0.20000006831944908, -0.6000000028552664, 1.1000000029267663, 0.1999999746101759],
            [0.7032031960657001, -0.799147030306872, 1.7994536236195569, 0.10088079893854386, -0.4992668722753504, 0.9992259704525862, 0.30335910661665855],
            [0.7963673751446682, -0.6966627133911197, 1.6980178417958238, 0.018331923035219064, -0.3972781956455807, 0.8971743285861933, 0.39512487306311656],
            [0.8738344188981262, -0.5953411537830532, 1.5954137544293532, -0.04440315287968402, -0.295168671142225, 0.7949856549020544, 0.46951152653752515],
        ],
        ["AdamW"] = [
            [0.5974996581333136, -0.8950004517519107, 1.8900000239566432, 0.19850152764702983, -0.5965000638456621, 1.094000065444445, 0.1994994322693524],
            [0.6928242986585308, -0.7907559182820438, 1.7806889165371074, 0.1010977788356324, -0.4937030679991805, 0.9887345455516827, 0.29655271096718405],
            [0.7838108558846572, -0.6875005012111239, 1.6721607818375999, 0.012373444863412436, -0.3917512363911997, 0.8843451590571753, 0.38844973436830743],
            [0.8670982862915337, -0.5855511243417285, 1.564512650305431, -0.061637125506793594, -0.29080466046830217, 0.7809789813116629, 0.47079659073493707],
        ],
        ["Nadam"] = [
            [0.6062787688412804, -0.8937212348518037, 1.8937212204742653, 0.1937212710115041, -0.5937212218148685, 1.093721221868601, 0.2062787612503095],
            [0.6724666558904583, -0.8186806462510972, 1.817805526232681, 0.13398453789143333, -0.5183287168007463, 1.0184419128732072, 0.2716040505925393],
            [0.7268871470886502, -0.7510883258876095, 1.7486958825477643, 0.08796011982927879, -0.45001482884996735, 0.9502195851531926, 0.32456166869014785],
            [0.7744468711094685, -0.6857541451758963, 1.681088009358655, 0.050384688907472934, -0.38349178747255275, 0.8837341265809915, 0.36997171431548015],
        ],
        ["Adamax"] = [
            [0.5999999891891904, -0.9000000142857122, 1.9000000007575757, 0.2000000483091554, -0.6000000020189783, 1.1000000020695364, 0.1999999820466819],
            [0.6868293426130404, -0.8031362465683506, 1.801963368361127, 0.11898847969487313, -0.5026761187893161, 1.0028328647674623, 0.28600679239819415],
            [0.7610525436671416, -0.7097535994194785, 1.705917983244518, 0.05430842016361474, -0.4081169669791151, 0.9084995715485888, 0.3585892536767138],
            [0.8233351402524635, -0.6201833105907325, 1.611888598013588, 0.003674458236185986, -0.31640604268886924, 0.816996033457796, 0.41846401176781806],
        ],
        ["Adadelta"] = [
            [0.5014142119095333, -0.9985857893237682, 1.9985857864457435, 0.2985858194410589, -0.698585786495274, 1.1985857864981972, 0.10141420900407726],
            [0.5028439792664237, -0.9971541273540163, 1.997153945569124, 0.29715735497866147, -0.6971540711881526, 1.1971541125332779, 0.10284383942783397],
            [0.5042825739477423, -0.995711050857233, 1.9957104483357277, 0.29572179216577804, -0.6957108710909379, 1.195711009710359, 0.10428211341722075],
            [0.5057266338389703, -0.9942595573051203, 1.9942582559253552, 0.2942827269112384, -0.6942591720997048, 1.1942594713172783, 0.10572564214075289],
        ],
        ["SgdClipNorm"] = [
            [0.5069806723453684, -0.9947173290359375, 1.900383918963392, 0.2970194540789457, -0.6286828794831791, 1.1304251309636022, 0.10802011631897218],
            [0.5141170172924129, -0.9892380258568528, 1.8007894923248071, 0.2939559059016542, -0.5573249228541518, 1.0609121993064365, 0.11618155189866647],
            [0.5214153174904236, -0.983549170433885, 1.701218554103877, 0.2908033873313589, -0.48597064651105487, 0.9914171557117816, 0.12449225523796988],
            [0.5288822741022937, -0.9776365552448678, 1.6016731597323488, 0.28755522200232625, -0.4146683798013928, 0.9218922195954959, 0.13296098844228604],
        ],
        ["SgdGlobalClipNorm"] = [
            [0.5061829125772904, -0.9953210391306991, 1.9117681664646122, 0.2986163644286496, -0.6668930097347897, 1.1677018015421974, 0.10372311600600083],
            [0.5124639036464927, -0.9905065332436351, 1.8238840814398238, 0.2971962548876572, -0.6333266221287996, 1.1349822417846647, 0.10752687794085626],
            [0.5188450571153695, -0.985550078359664, 1.7363599115290487, 0.29573806171159794, -0.5992976847810038, 1.1018306404952671, 0.11141410631200092],
            [0.5253285138536649, -0.9804448202403189, 1.6492083256598125, 0.2942400660215851, -0.564803483724741, 1.0682357262901783, 0.11538777598752781],
        ],
        ["AdamClipValue"] = [
            [0.5999993675484679, -0.9000006324515321, 1.900000632451532, 0.20000152764702983, -0.600000632451532, 1.1000006324515321, 0.19999936754846795],
            [0.6999989202250274, -0.8000010797749726, 1.8000010797749726, 0.1034904163024238, -0.5000010797749725, 1.0000010797749728, 0.29896392579051995],
            [0.7995514866849868, -0.7000014451046599, 1.70000144510466, 0.014963359445460844, -0.4000014451046599, 0.9000014451046601, 0.3935799455535238],
            [0.8927332693438365, -0.6000017615687046, 1.6000017615687046, -0.05957702450666749, -0.3000017615687045, 0.8000017615687047, 0.47875403705117286],
        ],
        ["SgdExponentialDecay"] = [
            [0.5925, -0.93, 0.6799999999999999, 0.2793, -0.2047, 0.7167999999999999, 0.1557],
            [0.725932175018116, -0.8195863690010985, -0.9929847422259801, 0.24716549459280213, 0.4957365842290835, 0.02822842416900162, 0.23939970019459855],
            [0.8655232521917109, -0.6893106098958182, -2.51486434225857, 0.20991311316278044, 1.1980827009867494, -0.6943207891547629, 0.3321117681093164],
            [0.9927184348276102, -0.5527313338106878, -3.737403717531613, 0.17146567614772423, 1.793959623904071, -1.3713431103943523, 0.42269278338131294],
        ],
        ["AdamInverseTimeDecayWeightDecay"] = [
            [0.5949996581333136, -0.8900004517519107, 1.8800000239566432, 0.19700152764702983, -0.5930000638456621, 1.088000065444445, 0.1989994322693524],
            [0.6566252283226257, -0.8175643075782623, 1.8009028019727495, 0.1314817265292219, -0.5225090400454292, 1.0142261156297432, 0.26305193530580434],
            [0.7014458247970692, -0.7637620498335764, 1.7420657659726833, 0.08522906262895447, -0.47010987458994374, 0.9593918947613862, 0.3094111376290484],
            [0.7360631142469806, -0.7210891075170135, 1.6953098301710907, 0.0509241788655704, -0.4285033862805701, 0.9158536818050819, 0.344949414002482],
        ],
    };
}
